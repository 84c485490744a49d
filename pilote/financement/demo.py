"""Demo funding: the Bourgogne-Franche-Comté FIR table of 2015–2016 (reference, document 004)
and, for every demo region, 2026 envelopes programmed to the GRADeS and to the telemonitoring
project, committed, and partly paid. Idempotent."""

import datetime
from decimal import Decimal

from pilote.comptes.models import Role, User
from pilote.financement import services
from pilote.financement.models import BudgetLine, Channel, Envelope, Funder, Origin
from pilote.financement.reference import load_fir_bfc, load_funding_reference
from pilote.portefeuille.models import Project

YEAR = 2026


def load_funding_demo(region, slug: str) -> None:
    officer = User.objects.get(email=f"ars-pilotage.{slug}@demo.pilote.fr")
    load_funding_reference(acting_user=officer)
    if region.code == "27":
        load_fir_bfc(acting_user=officer, region=region)
    if Envelope.objects.in_region(region).filter(year=YEAR).exists():
        return
    grades = (
        User.objects.get(email=f"grades.{slug}@demo.pilote.fr")
        .memberships.get(role=Role.GRADES_MANAGER)
        .organisation
    )
    fir = Funder.objects.get(code="ars-fir")
    envelopes = {}
    for code, amount in (("e-sante-gcs", "2400000.00"), ("telemedecine-gcs", "800000.00")):
        envelopes[code] = services.save_envelope(
            acting_user=officer,
            envelope=Envelope(
                region=region,
                funder=fir,
                line=BudgetLine.objects.get(code=code),
                year=YEAR,
                amount=Decimal(amount),
                channel=Channel.GRADES,
                origin=Origin.REGIONAL,
                notified_on=datetime.date(YEAR, 2, 15),
                source="Démonstration",
            ),
        )
    running = services.allocate(
        acting_user=officer,
        envelope=envelopes["e-sante-gcs"],
        beneficiary=grades,
        label=f"Fonctionnement du GRADeS {YEAR}",
        amount=Decimal("1500000.00"),
        programmed_on=datetime.date(YEAR, 3, 1),
    )
    commitment = services.commit(
        acting_user=officer,
        allocation=running,
        reference=f"CONV-{YEAR}-{slug.upper()}-01",
        decided_on=datetime.date(YEAR, 3, 20),
        amount=Decimal("1500000.00"),
    )
    services.pay(
        acting_user=officer,
        commitment=commitment,
        paid_on=datetime.date(YEAR, 4, 10),
        amount=Decimal("750000.00"),
        reference=f"MDT-{YEAR}-{slug.upper()}-001",
        document="Mandat 1re tranche",
    )
    project = Project.objects.in_region(region).filter(code__endswith="-TELESURV").first()
    if project is not None:
        allocation = services.allocate(
            acting_user=officer,
            envelope=envelopes["telemedecine-gcs"],
            beneficiary=grades,
            project=project,
            label="Télésurveillance — déploiement",
            amount=Decimal("300000.00"),
            eligible_cost=Decimal("500000.00"),
            programmed_on=datetime.date(YEAR, 4, 1),
        )
        services.commit(
            acting_user=officer,
            allocation=allocation,
            reference=f"DEC-{YEAR}-{slug.upper()}-TLS",
            decided_on=datetime.date(YEAR, 5, 5),
            amount=Decimal("300000.00"),
        )


PLAN_YEARS = (2025, 2026, 2027)
# (funder, phase, amount per year 2025, 2026, 2027): the GRADeS's plan
GRADES_PLAN = (
    ("ars-fir", "fonctionnement", ("1400000.00", "1500000.00", "1550000.00")),
    ("ars-fir", "projet", ("600000.00", "900000.00", "700000.00")),
    ("agence-nationale", "projet", ("250000.00", "300000.00", "150000.00")),
    ("membres-grades", "fonctionnement", ("120000.00", "130000.00", "140000.00")),
    ("usagers", "fonctionnement", ("60000.00", "85000.00", "110000.00")),
)
GRADES_FTE = ("14.00", "16.50", "17.00")
PROJECT_PLAN = (
    ("ars-fir", "projet", ("200000.00", "300000.00", "150000.00")),
    ("assurance-maladie", "projet", ("50000.00", "200000.00", "100000.00")),
    ("usagers", "fonctionnement", ("0.00", "0.00", "40000.00")),
)


def load_plans_demo(region, slug: str) -> None:
    """A 2025–2027 funding plan of the region's GRADeS (with its ETP) and of its
    telemonitoring project; their execution comes from the demo's programmings. Idempotent."""
    from pilote.financement import plans
    from pilote.financement.models_plans import FundingPlan

    officer = User.objects.get(email=f"ars-pilotage.{slug}@demo.pilote.fr")
    if FundingPlan.objects.in_region(region).exists():
        return
    grades = (
        User.objects.get(email=f"grades.{slug}@demo.pilote.fr")
        .memberships.get(role=Role.GRADES_MANAGER)
        .organisation
    )
    plan = plans.create_plan(
        acting_user=officer,
        region=region,
        operator=grades,
        first_year=PLAN_YEARS[0],
        title=f"Plan de financement {grades.name} 2025-2027",
        note="Annexe financière du CPOM (démonstration).",
    )
    _planned(officer, plan, GRADES_PLAN)
    for year, fte in zip(PLAN_YEARS, GRADES_FTE, strict=True):
        plans.set_capacity(acting_user=officer, operator=grades, year=year, fte=Decimal(fte))
    project = Project.objects.in_region(region).filter(code__endswith="-TELESURV").first()
    if project is not None:
        project_plan = plans.create_plan(
            acting_user=officer,
            region=region,
            project=project,
            first_year=PLAN_YEARS[0],
            title=f"Plan de financement {project.title}",
        )
        _planned(officer, project_plan, PROJECT_PLAN)


def _planned(officer, plan, rows) -> None:
    from pilote.financement import plans

    for funder, phase, amounts in rows:
        for year, amount in zip(PLAN_YEARS, amounts, strict=True):
            plans.set_planned(
                acting_user=officer,
                plan=plan,
                year=year,
                funder=Funder.objects.get(code=funder),
                phase=phase,
                amount=Decimal(amount),
            )


def load_programme_demo(regions) -> None:
    """A SUN-ES-like national programme with one window: the establishments of the demo's
    per-establishment dataset whose share of stays feeding the DMP (a ratio indicator) reached
    67 % in 2024S2 receive 30,000 €; rolled out in each demo region on a 2026 envelope of the
    national agency, so some lump sums are payable from the accepted history. Idempotent."""
    from pilote.comptes.access import SYSTEM
    from pilote.financement import programmes
    from pilote.financement.models_programmes import ProgrammeWindow, Rollout, UsageProgramme
    from pilote.indicateurs.demo import ESTABLISHMENT_DATASET
    from pilote.indicateurs.models import Dataset, Indicator

    dataset = Dataset.objects.filter(code=ESTABLISHMENT_DATASET).first()
    indicator = Indicator.objects.filter(code="IND_ETAB_DMP").first()
    if dataset is None or indicator is None or UsageProgramme.objects.exists():
        return
    programme = programmes.save_programme(
        acting_user=SYSTEM,
        programme=UsageProgramme(
            code="sun-es-demo",
            name="SUN-ES (démonstration)",
            description=(
                "Programme national de soutien à l'usage du numérique en établissement de "
                "santé : un forfait par établissement qui atteint la cible d'usage."
            ),
            funder=Funder.objects.get(code="agence-nationale"),
        ),
    )
    window = programmes.save_window(
        acting_user=SYSTEM,
        window=ProgrammeWindow(
            programme=programme,
            name="Fenêtre 1 — alimentation du DMP",
            period="2024S2",
            closes_on=datetime.date(2026, 12, 31),
            indicator=indicator,
            threshold=67,
            lump_sum=Decimal("30000.00"),
        ),
        eligible=list(dataset.organisations.all()),
    )
    for region, slug in regions:
        eligible = programmes.eligible_establishments(window, region).count()
        if not eligible or Rollout.objects.in_region(region).exists():
            continue
        officer = User.objects.get(email=f"ars-pilotage.{slug}@demo.pilote.fr")
        envelope = services.save_envelope(
            acting_user=officer,
            envelope=Envelope(
                region=region,
                funder=Funder.objects.get(code="agence-nationale"),
                line=BudgetLine.objects.get(code="e-sante-etablissements"),
                year=YEAR,
                amount=Decimal("30000.00") * eligible,
                channel=Channel.ESTABLISHMENTS,
                origin=Origin.EARMARKED,
                notified_on=datetime.date(YEAR, 2, 1),
                source="Démonstration — programme national à l'usage",
            ),
        )
        programmes.roll_out(
            acting_user=officer,
            window=window,
            region=region,
            envelope=envelope,
            decided_on=datetime.date(YEAR, 3, 15),
        )
