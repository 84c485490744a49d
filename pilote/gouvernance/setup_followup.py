"""The GRADeS set-up follow-up (issue 12 § 6): each region reports its operator's constitution
milestones every semester through the indicator module (dataset `GRADES_MISE_EN_PLACE`, a
yes/no element and a date element per milestone, the supporting document named in the value's
comment). This module only reads: the latest accepted value of each milestone per region, with
the semester it comes from. Entering, submitting, validating and accepting are the indicator
module's own."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from pilote.comptes.scoping import readable_region_ids
from pilote.indicateurs.models import Campaign, DataValue, Report, ReportStatus
from pilote.indicateurs.periods import parse
from pilote.territoires.models import Territory

DATASET = "GRADES_MISE_EN_PLACE"

# (element code without its prefix, label): GRADES_<code> is yes/no, GRADES_<code>_DATE its date
MILESTONES = [
    ("FORME", _("Forme juridique choisie")),
    ("CONV_SIGNEE", _("Convention constitutive signée")),
    ("CONV_APPROUVEE", _("Convention constitutive approuvée")),
    ("DIRECTEUR", _("Directeur nommé")),
    ("TRANSFERTS", _("Personnels, droits et contrats transférés")),
    ("ANCIEN_GCS", _("Ancien GCS dissous ou transformé")),
]


def done_code(code: str) -> str:
    return f"GRADES_{code}"


def date_code(code: str) -> str:
    return f"GRADES_{code}_DATE"


@dataclass
class Milestone:
    """The latest accepted answer for one milestone of one region (None: never reported)."""

    label: str
    done: bool | None = None
    on: str = ""  # ISO date, as stored
    document: str = ""
    period: str = ""

    @property
    def period_label(self) -> str:
        return parse(self.period).label() if self.period else ""

    @property
    def day(self) -> datetime.date | None:
        return datetime.date.fromisoformat(self.on) if self.on else None


@dataclass
class RegionSetup:
    region: Territory
    milestones: list[Milestone] = field(default_factory=list)
    open_report: Report | None = None

    @property
    def reported(self) -> bool:
        return any(m.period for m in self.milestones)

    @property
    def completed(self) -> int:
        return sum(1 for m in self.milestones if m.done)


def _regions(user, only=None):
    regions = Territory.objects.current().ars_regions().order_by("name")
    if only is not None:
        regions = regions.filter(pk=only.pk)
    ids = readable_region_ids(user)
    return list(regions if ids is None else regions.filter(pk__in=ids))


def setup_rows(user, region=None) -> list[RegionSetup]:
    """One row per region the user reads (the 18 regions for a national role; only `region` if
    given), each milestone
    with its latest accepted value and the semester it comes from. A report reopened for
    correction counts again once accepted: until then its region shows its previous semester."""
    rows = {
        r.pk: RegionSetup(r, [Milestone(label) for _code, label in MILESTONES])
        for r in _regions(user, region)
    }
    index = {}
    for position, (code, _label) in enumerate(MILESTONES):
        index[done_code(code)] = (position, "done")
        index[date_code(code)] = (position, "date")
    accepted = Report.objects.filter(status=ReportStatus.ACCEPTED, campaign__dataset__code=DATASET)
    values = (
        DataValue.objects.visible_to(user)
        .of_reports(accepted)
        .filter(data_element__code__in=index, organisation__isnull=True)
        .values_list("region_id", "data_element__code", "period", "value", "text_value", "comment")
        # semesters sort as text: the latest overwrites; within one, the date's comment (the
        # document) after the yes/no's
        .order_by("period", "data_element__code")
    )
    for region_id, code, period, value, text, comment in values:
        row = rows.get(region_id)
        if row is None:
            continue
        position, kind = index[code]
        milestone = row.milestones[position]
        if period < milestone.period:
            continue
        if period > milestone.period:  # a later semester replaces the whole answer
            row.milestones[position] = milestone = Milestone(milestone.label, period=period)
        if kind == "done":
            milestone.done = None if value is None else value == 1
        else:
            milestone.on = text
        if comment:
            milestone.document = comment
    _attach_open_reports(user, rows)
    return list(rows.values())


def _attach_open_reports(user, rows: dict) -> None:
    """The report of the campaign in progress of each region, for a link to it."""
    campaign = Campaign.objects.open().filter(dataset__code=DATASET).order_by("-period").first()
    if campaign is None:
        return
    for report in (
        Report.objects.visible_to(user)
        .select_related("campaign")
        .filter(campaign=campaign, organisation__isnull=True)
    ):
        if report.region_id in rows:
            rows[report.region_id].open_report = report


def coverage(rows: list[RegionSetup]) -> tuple[int, int]:
    """(regions with at least one accepted answer, regions shown)."""
    return sum(1 for r in rows if r.reported), len(rows)
