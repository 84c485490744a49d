"""Demo CPOM: for Bourgogne-Franche-Comté and Auvergne-Rhône-Alpes, a signed 2025–2027 contract
between the ARS and its GRADeS with eight objectives read from the demo indicators (accepted
history 2017S1–2024S2) and the portfolio, targets set from the 2024 achieved values; a 2025
dialogue with its actions; and two usage tranches on the telemonitoring commitment: one
already payable from the accepted history, one waiting on the open 2025S1 campaign.
Runs after the indicator demo. Idempotent."""

import datetime
import math
from decimal import Decimal

from pilote.comptes.models import Role, User
from pilote.contrats import services
from pilote.contrats.achieved import achieved
from pilote.contrats.models import Cpom, ObjectiveSource
from pilote.financement import tranches
from pilote.financement.models import Commitment
from pilote.indicateurs.models import DataElement, DataValue, Indicator
from pilote.territoires.models import Territory

DEMO_REGIONS = (("27", "bfc"), ("84", "ara"))
YEARS = (2025, 2026, 2027)
HISTORY_END, OPEN_PERIOD = "2024S2", "2025S1"

# (title, source, code, yearly growth of the target over the 2024 achieved value)
OBJECTIVES = (
    ("Connecter les établissements de santé à MSSanté", "indicateur", "IND_MSS_ES", 0.02),
    ("Alimenter le DMP à chaque séjour", "indicateur", "IND_DMP_SEJ", 0.05),
    ("Décrire l'offre de soins dans le ROR", "indicateur", "IND_ROR", 0.01),
    ("Qualifier les identités (INS)", "indicateur", "IND_INS", 0.04),
    ("Développer la télémédecine (actes, toutes modalités)", "donnee", "TLM_ACTES", 0.15),
    ("Déployer les fiches RCP du DCC", "donnee", "DCC_FICHES", 0.10),
    ("Tenir les jalons des projets portés", "jalons", "", 0),
    ("Mettre des services en production", "production", "", 0),
)


def _target(base: float | None, growth: float, rank: int, source: str) -> float | None:
    if source in ("jalons", "production"):
        return float(3 + rank) if source == "jalons" else float(2 + rank // 2)
    if base is None:
        return None
    value = base * (1 + growth) ** (rank + 1)
    return round(min(value, 100.0), 1) if source == "indicateur" else float(math.ceil(value))


def load_contract_demo() -> None:
    for code, slug in DEMO_REGIONS:
        region = Territory.objects.current().regions().filter(code=code).first()
        if region is None or Cpom.objects.in_region(region).exists():
            continue
        officer = User.objects.get(email=f"ars-pilotage.{slug}@demo.pilote.fr")
        grades = (
            User.objects.get(email=f"grades.{slug}@demo.pilote.fr")
            .memberships.get(role=Role.GRADES_MANAGER)
            .organisation
        )
        _cpom(region, slug, officer, grades)
        _tranches(region, slug, officer)


def _cpom(region, slug, officer, grades) -> Cpom:
    cpom = services.create_cpom(
        acting_user=officer,
        region=region,
        operator=grades,
        title=f"CPOM ARS – {grades.name}",
        reference=f"CPOM-{slug.upper()}-2025",
        start_year=YEARS[0],
        end_year=YEARS[-1],
    )
    version = cpom.latest_version()
    for title, source, code, growth in OBJECTIVES:
        measure = {}
        if source == ObjectiveSource.INDICATOR:
            measure["indicator"] = Indicator.objects.get(code=code)
        elif source == ObjectiveSource.DATA_ELEMENT:
            measure["data_element"] = DataElement.objects.get(code=code)
        objective = services.add_objective(
            acting_user=officer, version=version, title=title, source=source, targets={}, **measure
        )
        base = achieved(objective, 2024).value
        targets = {y: _target(base, growth, i, source) for i, y in enumerate(YEARS)}
        services.set_targets(acting_user=officer, objective=objective, targets=targets)
    services.sign_version(
        acting_user=officer,
        version=version,
        signed_on=datetime.date(2025, 1, 20),
        signatories=f"Le directeur général de l'ARS\nLe directeur de {grades.name}",
    )
    dialogue = services.record_dialogue(
        acting_user=officer,
        cpom=cpom,
        year=2025,
        held_on=datetime.date(2026, 3, 12),
        comments="Usages MSSanté et ROR conformes ; télésurveillance en retrait.",
        decisions="Maintenir les cibles 2026 ; plan d'action télésurveillance avant l'été.",
    )
    for title, owner, due, status in (
        ("Plan d'action télésurveillance", "GRADeS", datetime.date(2026, 6, 30), "en_cours"),
        ("Revue des établissements sans MSSanté", "ARS", datetime.date(2026, 4, 30), "realisee"),
        ("Tableau de suivi INS par GHT", "GRADeS", datetime.date(2026, 9, 30), "prevue"),
    ):
        action = services.add_action(
            acting_user=officer, dialogue=dialogue, title=title, owner=owner, due_on=due
        )
        if status != "prevue":
            services.set_action_status(acting_user=officer, action=action, status=status)
    return cpom


def _published(region, code: str, period: str) -> float | None:
    row = (
        DataValue.objects.published()
        .filter(data_element__code=code, territory=region, organisation__isnull=True, period=period)
        .values_list("published", flat=True)
        .first()
    )
    return row


def _tranches(region, slug, officer) -> None:
    commitment = Commitment.objects.filter(reference=f"DEC-2026-{slug.upper()}-TLS").first()
    if commitment is None or commitment.tranches.exists():
        return
    connected = _published(region, "MSS_ES_CONNECTES", HISTORY_END)
    created = _published(region, "DMP_CREES", HISTORY_END)
    if connected is None or created is None:
        return
    tranches.add_tranche(  # payable at once: the accepted 2024S2 value reaches it
        acting_user=officer,
        commitment=commitment,
        label="Tranche 1 — établissements connectés à MSSanté",
        amount=Decimal("100000.00"),
        data_element=DataElement.objects.get(code="MSS_ES_CONNECTES"),
        territory=region,
        period=HISTORY_END,
        threshold=float(math.floor(connected * 0.95)),
    )
    tranches.add_tranche(  # waits for the 2025S1 report to be accepted
        acting_user=officer,
        commitment=commitment,
        label="Tranche 2 — DMP créés au 1er semestre 2025",
        amount=Decimal("100000.00"),
        data_element=DataElement.objects.get(code="DMP_CREES"),
        territory=region,
        period=OPEN_PERIOD,
        threshold=float(math.ceil(created * 1.05)),
    )
