"""Coverage of the published figures: for a period, how many of the expected reporters have
their data accepted — the regions for a dataset entered per region, the establishments for a
dataset entered per establishment.

A reporter covers a period when its report is published (accepted, or accepted once and
unlocked for correction: its accepted values stay published) for every campaign of the dataset
inside the period: a year of a semiannual dataset needs both semesters. A region-level dataset
expects every current region with an ARS; an establishment dataset expects the establishments
that have a report in the period's campaigns.

Every page, download and API answer that shows a figure reads its coverage here, so the page,
the open data and the home page agree on what "national" means: a total is national only when
its coverage is complete."""

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pilote.indicateurs.models import Dataset, Level, Report, ReportStatus
from pilote.indicateurs.periods import containing, is_finer_or_equal, parse, series
from pilote.territoires.services import region_of

NATION = None  # the key of the national coverage (as in `analytics`)
COMPLETE, PARTIAL, NONE = "complete", "partielle", "aucune"


@dataclass(frozen=True)
class Coverage:
    accepted: int  # reporters covering the whole period
    expected: int
    partly: int = 0  # reporters covering part of it (one semester of a year)
    establishments: bool = False

    @property
    def complete(self) -> bool:
        return self.expected > 0 and self.accepted >= self.expected

    @property
    def status(self) -> str:
        if self.complete:
            return COMPLETE
        return PARTIAL if self.accepted or self.partly else NONE

    @property
    def partial(self) -> bool:
        return self.status == PARTIAL

    def passes(self, threshold: int) -> bool:
        """At least `threshold` % of the expected reporters (100: every one)."""
        return self.expected > 0 and self.accepted * 100 >= threshold * self.expected

    @property
    def unit(self) -> str:
        return "etablissements" if self.establishments else "regions"

    def count_label(self) -> str:
        """ "1 région sur 18", "12 établissements sur 15" (French: 0 and 1 are singular)."""
        values = {"n": self.accepted, "total": self.expected}
        if self.establishments:
            text = ngettext(
                "%(n)d établissement sur %(total)d",
                "%(n)d établissements sur %(total)d",
                max(self.accepted, 1),
            )
        else:
            text = ngettext(
                "%(n)d région sur %(total)d", "%(n)d régions sur %(total)d", max(self.accepted, 1)
            )
        return text % values

    def label(self) -> str:
        """ "partiel — 1 région sur 18", "complet — 18 régions sur 18"."""
        if self.complete:
            return _("complet — %s") % self.count_label()
        if self.status == NONE:
            return _("aucune donnée acceptée — %s") % self.count_label()
        label = _("partiel — %s") % self.count_label()
        if self.partly:
            label += _(", %d pour une partie de la période") % self.partly
        return label

    def as_api(self) -> dict:
        """The public API's `coverage` (English keys, like the rest of the API)."""
        return {
            "status": self.status,
            "accepted": self.accepted,
            "expected": self.expected,
            "unit": self.unit,
            "label": self.label(),
        }

    def as_dict(self) -> dict:
        return {
            "statut": self.status,
            "acceptes": self.accepted,
            "attendus": self.expected,
            "unite": self.unit,
            "libelle": self.label(),
        }


def datasets_of(indicators) -> dict:
    """{indicator id: Dataset} — the dataset collecting each indicator's numerator (the
    region-level one when the element is collected in several)."""
    numerators = {i.numerator_id for i in indicators}
    through = Dataset.data_elements.through
    links = through.objects.filter(dataelement_id__in=numerators).select_related("dataset")
    by_element: dict = {}
    for link in sorted(links, key=lambda k: (k.dataset.level != Level.REGION, k.dataset_id)):
        by_element.setdefault(link.dataelement_id, link.dataset)
    return {i.pk: by_element[i.numerator_id] for i in indicators if i.numerator_id in by_element}


def primary_dataset(indicators, by_indicator: dict | None = None) -> Dataset | None:
    """The dataset feeding most of `indicators`: its coverage is the period's."""
    counts: dict = defaultdict(int)
    datasets = {}
    by_indicator = datasets_of(indicators) if by_indicator is None else by_indicator
    for dataset in by_indicator.values():
        counts[dataset.pk] += 1
        datasets[dataset.pk] = dataset
    if not counts:
        return None
    return datasets[max(counts, key=lambda pk: (counts[pk], -pk))]


def _campaign_periods(dataset: Dataset, period_code: str) -> list[str]:
    """The campaign periods of `dataset` inside a period (none if the dataset is coarser)."""
    period = parse(period_code)
    if not is_finer_or_equal(dataset.period_type, period.type):
        return []
    first = containing(parse(period.start.strftime("%Y%m")), dataset.period_type)
    last = containing(parse(period.end.strftime("%Y%m")), dataset.period_type)
    return [p.code for p in series(first.code, last.code)]


class _CurrentRegions:
    """Today's region of a report's region (a 2015 report of Bourgogne counts for BFC)."""

    def __init__(self, region_ids):
        self.ids = set(region_ids)
        self.cache: dict = {}

    def preload(self, region_ids) -> None:
        """Resolve every region of `region_ids` outside today's list in one query (a region
        page asks for its own region: the 17 others were read one by one)."""
        from pilote.territoires.models import Territory

        unknown = set(region_ids) - self.ids - set(self.cache)
        for territory in Territory.objects.filter(pk__in=unknown) if unknown else ():
            current = region_of(territory)  # no query for a region valid today
            self.cache[territory.pk] = current.pk if current else None

    def __call__(self, region_id):
        if region_id in self.ids:
            return region_id
        if region_id not in self.cache:
            self.preload([region_id])
        return self.cache.get(region_id)


def coverage_table(datasets, period_codes, region_ids, departements=False) -> dict:
    """{(dataset id, period code, key): Coverage} where key is NATION, a region id in
    `region_ids` (today's regions) or, with `departements`, ("dep", département id) for the
    establishments of a département. One query for every dataset and period."""
    datasets = list({d.pk: d for d in datasets}.values())
    inside = {(d.pk, code): _campaign_periods(d, code) for d in datasets for code in period_codes}
    wanted = {p for periods in inside.values() for p in periods}
    rows = Report.objects.filter(
        campaign__dataset__in=datasets, campaign__period__in=wanted
    ).values_list(
        "campaign__dataset_id",
        "campaign__period",
        "region_id",
        "organisation_id",
        "organisation__departement_id",
        "status",
        "was_accepted",
    )
    rows = list(rows)
    current = _CurrentRegions(region_ids)
    current.preload({row[2] for row in rows})
    # (dataset id, reporter) -> {campaign period: published?}; reporter -> (region, département)
    published: dict = defaultdict(dict)
    where: dict = {}
    for dataset_id, period, region_id, org_id, dep_id, status, was_accepted in rows:
        reporter = org_id if org_id is not None else current(region_id)
        if reporter is None:
            continue
        key = (dataset_id, reporter)
        published[key][period] = published[key].get(period, False) or (
            status == ReportStatus.ACCEPTED or was_accepted
        )
        where[key] = (current(region_id), dep_id)
    out = {}
    for dataset in datasets:
        per_establishment = dataset.level == Level.ORGANISATION
        reporters = (
            [k for k in published if k[0] == dataset.pk]
            if per_establishment
            else [(dataset.pk, r) for r in region_ids]
        )
        for code in period_codes:
            periods = inside[(dataset.pk, code)]
            tallies: dict = defaultdict(lambda: [0, 0, 0])  # accepted, expected, partly
            for key in reporters:
                done = published.get(key, {})
                if per_establishment and not any(p in done for p in periods):
                    continue  # no report in this period's campaigns: not expected
                count = sum(done.get(p, False) for p in periods)
                region_id, dep_id = where.get(key, (key[1], None))
                keys = [NATION, region_id] + ([("dep", dep_id)] if departements else [])
                for k in keys:
                    tally = tallies[k]
                    tally[1] += 1
                    if periods and count == len(periods):
                        tally[0] += 1
                    elif count:
                        tally[2] += 1
            for k in [NATION, *region_ids]:
                tallies.setdefault(k, [0, 0, 0])
            for k, (accepted, expected, partly) in tallies.items():
                out[(dataset.pk, code, k)] = Coverage(accepted, expected, partly, per_establishment)
    return out


def for_indicators(
    indicators, period_codes, region_ids, departements=False, datasets: dict | None = None
) -> dict:
    """{(indicator id, period code, key): Coverage}, from each indicator's dataset (no dataset:
    no coverage, the key is missing). `datasets`: `datasets_of(indicators)` if known."""
    by_indicator = datasets_of(indicators) if datasets is None else datasets
    table = coverage_table(by_indicator.values(), period_codes, region_ids, departements)
    return of_indicators(table, by_indicator)


def of_indicators(table: dict, by_indicator: dict, period_code: str | None = None) -> dict:
    """A `coverage_table` keyed by indicator: {(indicator id, period code, key): Coverage}
    (of one period only, if given)."""
    by_dataset: dict = defaultdict(list)
    for (dataset_id, code, key), cov in table.items():
        if period_code is None or code == period_code:
            by_dataset[dataset_id].append((code, key, cov))
    return {
        (indicator_id, code, key): cov
        for indicator_id, dataset in by_indicator.items()
        for code, key, cov in by_dataset.get(dataset.pk, ())
    }


def combined(parts) -> Coverage | None:
    """The coverage of several territories together (an infra-regional territory's
    départements)."""
    if not parts:
        return None
    return Coverage(
        sum(p.accepted for p in parts),
        sum(p.expected for p in parts),
        sum(p.partly for p in parts),
        parts[0].establishments,
    )
