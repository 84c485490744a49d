"""Demo of the GRADeS set-up follow-up (§ 6): the 2017S2 campaign of the dataset
`GRADES_MISE_EN_PLACE`, closed, accepted for most regions (the instruction asked for the GRADeS
to be set up before 31 December 2017), and the 2018S1 campaign open, with a report per region.
Written like the indicator demo (rows created at once: there is no user acting). Idempotent."""

import datetime
import random

from django.utils import timezone

from pilote.gouvernance.setup_followup import DATASET, MILESTONES, date_code, done_code
from pilote.indicateurs import analytics
from pilote.indicateurs.demo import accepted_reports
from pilote.indicateurs.models import (
    Campaign,
    CampaignStatus,
    DataElement,
    Dataset,
    DataValue,
    Report,
)
from pilote.indicateurs.periods import parse
from pilote.territoires.models import Territory

REPORTED_PERIOD, OPEN_PERIOD = "2017S2", "2018S1"
SILENT = 4  # regions that did not report 2017S2
DOCUMENTS = [
    "Délibération de l'assemblée constitutive",
    "Convention constitutive signée par les membres",
    "Arrêté d'approbation du DG de l'ARS",
    "Délibération du conseil d'administration (accord du DG de l'ARS)",
    "Conventions de transfert des personnels et des contrats",
    "Délibération de dissolution de l'ancien GCS",
]


def _campaign(dataset, period: str, **fields) -> Campaign:
    end = parse(period).end
    return Campaign.objects.create(
        dataset=dataset,
        period=period,
        name=f"{dataset.name} {period}",
        opens_on=end + datetime.timedelta(days=1),
        deadline=end + datetime.timedelta(days=60),
        **fields,
    )


def _answers(rng: random.Random) -> dict:
    """{element code: (value, text, comment)}: the first milestones reached, in order."""
    reached = rng.randint(3, len(MILESTONES))
    day = datetime.date(2016, 9, 1) + datetime.timedelta(days=rng.randint(0, 120))
    out = {}
    for position, (code, _label) in enumerate(MILESTONES):
        done = position < reached
        out[done_code(code)] = (1.0 if done else 0.0, "", "")
        if done:
            out[date_code(code)] = (None, day.isoformat(), DOCUMENTS[position])
            day += datetime.timedelta(days=rng.randint(20, 90))
    return out


def load_setup_demo() -> None:
    dataset = Dataset.objects.get(code=DATASET)
    if Campaign.objects.filter(dataset=dataset).exists():
        return
    rng = random.Random(2017)
    elements = dict(DataElement.objects.filter(datasets=dataset).values_list("code", "pk"))
    regions = list(Territory.objects.current().ars_regions().order_by("code"))
    reported = regions[: len(regions) - SILENT]
    closed = _campaign(
        dataset,
        REPORTED_PERIOD,
        locks_on=datetime.date(2018, 4, 30),
        status=CampaignStatus.CLOSED,
    )
    at = timezone.make_aware(datetime.datetime(2018, 2, 15, 10))
    reports = accepted_reports(closed, reported, at, accepted=at)
    DataValue.objects.bulk_create(
        [
            DataValue(
                data_element_id=elements[code],
                territory=report.region,
                region=report.region,
                period=REPORTED_PERIOD,
                value=value,
                text_value=text,
                comment=comment,
                report=report,
            )
            for report in reports
            for code, (value, text, comment) in _answers(rng).items()
        ]
    )
    analytics.refresh_aggregates(region_ids=[r.pk for r in reported], periods=[REPORTED_PERIOD])
    today = datetime.date.today()
    locks_on = max(today + datetime.timedelta(days=60), datetime.date(2026, 12, 31))
    opened = _campaign(dataset, OPEN_PERIOD, locks_on=locks_on)
    Report.objects.bulk_create([Report(campaign=opened, region=r) for r in regions])
