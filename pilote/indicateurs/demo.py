"""Demo indicator history for the 18 regions, 2017S1–2024S2, on plausible adoption curves (some
regions late), accepted and rolled up; plus the 2025S1 campaign, still open. Idempotent."""

import datetime
import math
import random

from django.db import transaction
from django.utils import timezone

from pilote.comptes.access import SYSTEM
from pilote.indicateurs import analytics
from pilote.indicateurs.definitions import load_definitions
from pilote.indicateurs.models import (
    Campaign,
    CampaignStatus,
    DataElement,
    Dataset,
    DataValue,
    Indicator,
    Report,
    ReportStatus,
    ValueType,
)
from pilote.indicateurs.periods import series
from pilote.territoires.models import Territory

HISTORY = ("2017S1", "2024S2")
OPEN_PERIOD = "2025S1"
LATE = {"03": 4, "06": 5, "94": 3, "24": 2, "02": 2}  # semesters of delay


def _curve(t: float, midpoint: float, rate: float = 0.6) -> float:
    return 1 / (1 + math.exp(-rate * (t - midpoint)))


def _values(region, t: int, rng: random.Random) -> dict[tuple[str, str], float]:
    s = max(region.population or 0, 200_000) / 1_000_000
    d = LATE.get(region.code, 0)
    noise = lambda: 1 + rng.uniform(-0.03, 0.03)  # noqa: E731
    es = round(35 * s + 5)
    out = {("ES_TOTAL", ""): es, ("MSS_ES_CONNECTES", ""): round(es * 0.97 * _curve(t, 4 + d))}
    for option, count, top, mid in (
        ("hopital", es, 0.95, 4),
        ("medico_social", 60 * s, 0.6, 9),
        ("liberal", 3000 * s, 0.7, 8),
        ("laboratoire", 15 * s, 0.9, 6),
    ):
        out[("MSS_ACTEURS", option)] = round(count)
        out[("MSS_EQUIPES", option)] = round(count * top * _curve(t, mid + d))
    out[("MSS_MESSAGES", "")] = round(600_000 * s * 6 * _curve(t, 8 + d, 0.5) * noise())
    sejours = round(150_000 * s * noise())
    out[("SEJOURS_TOTAL", "")] = sejours
    out[("DMP_SEJOURS_ALIM", "")] = round(sejours * 0.96 * _curve(t, 11 + d, 0.9))
    out[("DMP_CREES", "")] = round(120_000 * s * _curve(t, 10 + d, 0.8) * noise())
    perimeter = round(100 * s)
    out[("ROR_PERIMETRE", "")] = perimeter
    out[("ROR_DECRITS", "")] = round(perimeter * 0.98 * _curve(t, 5 + d))
    out[("ORIENT_DEMANDES", "")] = round(20_000 * s * _curve(t, 3 + d) * noise())
    out[("DCC_FICHES", "")] = round(5_000 * s * _curve(t, 2 + d) * noise())
    out[("PACS_EXAMENS", "")] = round(50_000 * s * _curve(t, 6 + d) * noise())
    covid = 2.5 if t in (6, 7) else 1
    out[("TLM_ACTES", "teleconsultation")] = round(8_000 * s * _curve(t, 6 + d) * covid * noise())
    out[("TLM_ACTES", "teleexpertise")] = round(2_000 * s * _curve(t, 9 + d) * noise())
    out[("TLM_ACTES", "telesurveillance")] = round(900 * s * _curve(t, 12 + d) * noise())
    out[("EPARCOURS_PATIENTS", "")] = round(2_000_000 * s / 66 * _curve(t, 12 + d, 0.7))
    identities = round(1_000_000 * s)
    out[("IDENTITES_TOTAL", "")] = identities
    out[("INS_QUALIFIEES", "")] = round(identities * 0.9 * _curve(t, 12 + d, 1.0))
    return out


def accepted_reports(campaign, regions, submitted, accepted) -> list[Report]:
    """Demo reports of `regions`, accepted (no user acts in a demo load)."""
    return Report.objects.bulk_create(
        [
            Report(
                campaign=campaign,
                region=r,
                status=ReportStatus.ACCEPTED,
                submitted_at=submitted,
                first_submitted_at=submitted,
                accepted_at=accepted,
                was_accepted=True,
            )
            for r in regions
        ]
    )


@transaction.atomic
def load_indicator_demo() -> None:
    load_definitions(acting_user=SYSTEM)
    dataset = Dataset.objects.get(code="SOCLE_SEMESTRIEL")
    if Campaign.objects.filter(dataset=dataset, period=OPEN_PERIOD).exists():
        return
    rng = random.Random(2016)
    elements = {e.code: e.pk for e in DataElement.objects.all()}
    regions = list(Territory.objects.current().ars_regions())
    now = timezone.now()
    periods = series(*HISTORY)
    for t, period in enumerate(periods):
        campaign = Campaign.objects.create(
            dataset=dataset,
            period=period.code,
            name=f"{dataset.name} {period.code}",
            opens_on=period.end + datetime.timedelta(days=1),
            deadline=period.end + datetime.timedelta(days=75),
            locks_on=period.end + datetime.timedelta(days=120),
            status=CampaignStatus.CLOSED,
        )
        submitted = timezone.make_aware(
            datetime.datetime.combine(period.end + datetime.timedelta(days=60), datetime.time(10))
        )
        reports = {
            r.region_id: r for r in accepted_reports(campaign, regions, submitted, accepted=now)
        }
        DataValue.objects.bulk_create(
            [
                DataValue(
                    data_element_id=elements[code],
                    option=option,
                    territory=region,
                    region=region,
                    period=period.code,
                    value=value,
                    report=reports[region.pk],
                )
                for region in regions
                for (code, option), value in _values(region, t, rng).items()
            ],
            batch_size=2000,
        )
    analytics.refresh_aggregates(
        region_ids=[r.pk for r in regions], periods=[p.code for p in periods]
    )
    today = datetime.date.today()
    Campaign.objects.create(
        dataset=dataset,
        period=OPEN_PERIOD,
        name=f"{dataset.name} {OPEN_PERIOD}",
        opens_on=datetime.date(2025, 7, 1),
        deadline=datetime.date(2025, 9, 30),
        locks_on=max(today + datetime.timedelta(days=60), datetime.date(2026, 12, 31)),
    )
    campaign = Campaign.objects.get(dataset=dataset, period=OPEN_PERIOD)
    Report.objects.bulk_create([Report(campaign=campaign, region=r) for r in regions])


ESTABLISHMENT_DATASET = "USAGES_ETABLISSEMENTS"


def load_establishment_campaign(per_region: int = 5) -> None:
    """A dataset entered per establishment (public hospitals of the demo regions, the demo
    project owner's among them), its accepted 2024 semesters and its 2025S2 campaign, open."""
    from pilote.indicateurs.models import Level
    from pilote.indicateurs.periods import SEMESTER

    dataset, created = Dataset.objects.get_or_create(
        code=ESTABLISHMENT_DATASET,
        defaults={
            "name": "Usages du numérique en établissement",
            "period_type": SEMESTER,
            "level": Level.ORGANISATION,
        },
    )
    if created:
        _create_establishment_dataset(dataset, per_region)
    load_establishment_history(dataset)


ESTABLISHMENT_HISTORY = ("2024S1", "2024S2")


def load_establishment_history(dataset) -> None:
    """The accepted 2024 semesters of the establishments of the dataset (so the region pages
    of the demo regions show their table by département): each establishment's stays and the
    share that fed the DMP, rising from about 45 % to 75 %. Idempotent."""
    if Campaign.objects.filter(dataset=dataset, period=ESTABLISHMENT_HISTORY[-1]).exists():
        return
    rng = random.Random(2024)
    elements = {e.code: e.pk for e in dataset.data_elements.all()}
    hospitals = list(dataset.organisations.exclude(departement=None).select_related("region"))
    if not hospitals or set(elements) != {"ETAB_SEJOURS", "ETAB_SEJOURS_DMP"}:
        return
    now = timezone.now()
    touched = set()
    for t, code in enumerate(ESTABLISHMENT_HISTORY):
        period = series(code, code)[0]
        campaign = Campaign.objects.create(
            dataset=dataset,
            period=code,
            name=f"{dataset.name} {code}",
            opens_on=period.end + datetime.timedelta(days=1),
            deadline=period.end + datetime.timedelta(days=75),
            locks_on=period.end + datetime.timedelta(days=120),
            status=CampaignStatus.CLOSED,
        )
        reports = Report.objects.bulk_create(
            [
                Report(
                    campaign=campaign,
                    region=hospital.region,
                    organisation=hospital,
                    status=ReportStatus.ACCEPTED,
                    accepted_at=now,
                    was_accepted=True,
                )
                for hospital in hospitals
            ]
        )
        values = []
        for hospital, report in zip(hospitals, reports, strict=True):
            stays = rng.randrange(8_000, 60_000)
            share = min(0.95, 0.45 + 0.15 * t + rng.uniform(0, 0.15))
            for element, value in (
                ("ETAB_SEJOURS", stays),
                ("ETAB_SEJOURS_DMP", round(stays * share)),
            ):
                values.append(
                    DataValue(
                        data_element_id=elements[element],
                        organisation=hospital,
                        region=hospital.region,
                        period=code,
                        value=value,
                        report=report,
                    )
                )
            touched.add(hospital.region_id)
        DataValue.objects.bulk_create(values, batch_size=2000)
    analytics.refresh_aggregates(region_ids=touched, periods=list(ESTABLISHMENT_HISTORY))


def _create_establishment_dataset(dataset, per_region: int) -> None:
    from pilote.acteurs.models import Organisation, OrganisationType
    from pilote.indicateurs.workflow import open_campaign

    # its own data elements: a socle element collected per establishment and per region at the
    # same time would be counted twice (open_campaign refuses it)
    elements = {}
    for code, name, short in (
        ("ETAB_SEJOURS", "Séjours de l'établissement", "Séjours"),
        ("ETAB_SEJOURS_DMP", "Séjours de l'établissement ayant alimenté le DMP", "Séjours DMP"),
    ):
        elements[code], _created = DataElement.objects.get_or_create(
            code=code,
            defaults={"name": name, "short_name": short, "value_type": ValueType.INTEGER},
        )
    Indicator.objects.get_or_create(
        code="IND_ETAB_DMP",
        defaults={
            "name": "Part des séjours de l'établissement ayant alimenté le DMP",
            "short_name": "Séjours DMP (établ.)",
            "numerator": elements["ETAB_SEJOURS_DMP"],
            "denominator": elements["ETAB_SEJOURS"],
            "factor": 100,
            "unit": "%",
            "on_dashboard": False,
        },
    )
    dataset.data_elements.set(elements.values())
    hospitals = []
    for region_id in (
        Organisation.objects.filter(type=OrganisationType.HOPITAL_PUBLIC, region__isnull=False)
        .values_list("region_id", flat=True)
        .distinct()
    ):
        hospitals += (
            Organisation.objects.in_region(region_id)
            .filter(type=OrganisationType.HOPITAL_PUBLIC, finess_et__isnull=False)
            .order_by("finess_et")[:per_region]
        )
    dataset.organisations.set(hospitals)
    today = datetime.date.today()
    open_campaign(
        acting_user=SYSTEM,
        dataset=dataset,
        period="2025S2",
        opens_on=datetime.date(2026, 1, 1),
        deadline=datetime.date(2026, 3, 31),
        locks_on=max(today + datetime.timedelta(days=60), datetime.date(2026, 12, 31)),
    )
