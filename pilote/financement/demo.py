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
