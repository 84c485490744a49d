import pytest

from pilote.comptes.models import Role
from pilote.contrats import services
from pilote.contrats.models import ObjectiveSource
from pilote.indicateurs.models import DataElement, Indicator
from tests.reporting import open_semester, submitted, validate_and_accept


@pytest.fixture
def officer(world):
    return world.bfc.users[Role.ARS_OFFICER]


@pytest.fixture
def accepted_2026(world, indicators):
    """BFC's accepted 2026S1: 40 establishments, 30 connected to MSSanté, 1,200 DMP; and its
    2026S2 entered and submitted but not accepted (41 / 32 / 1,300): it must never count."""
    report = submitted(
        world.bfc,
        open_semester(world, "2026S1"),
        ES_TOTAL="40",
        MSS_ES_CONNECTES="30",
        DMP_CREES="1200",
    )
    validate_and_accept(world.bfc, world.national_admin, report)
    submitted(
        world.bfc,
        open_semester(world, "2026S2"),
        ES_TOTAL="41",
        MSS_ES_CONNECTES="32",
        DMP_CREES="1300",
    )
    return report


@pytest.fixture
def cpom(world, officer, indicators):
    """A BFC CPOM 2025–2027 with two objectives read from the indicator module, still a draft."""
    cpom = bfc_cpom(world, officer, "CPOM ARS BFC – GRADeS")
    version = cpom.latest_version()
    services.add_objective(
        acting_user=officer,
        version=version,
        title="Connecter les établissements à MSSanté",
        source=ObjectiveSource.INDICATOR,
        indicator=Indicator.objects.get(code="IND_MSS_ES"),
        targets={2025: 60, 2026: 70, 2027: 80},
    )
    services.add_objective(
        acting_user=officer,
        version=version,
        title="Créer des DMP",
        source=ObjectiveSource.DATA_ELEMENT,
        data_element=DataElement.objects.get(code="DMP_CREES"),
        targets={2025: 800, 2026: 1000, 2027: 1500},
    )
    return cpom


def bfc_cpom(world, officer, title="CPOM"):
    """A draft 2025–2027 CPOM between the BFC ARS and its GRADeS."""
    return services.create_cpom(
        acting_user=officer,
        region=world.bfc.region,
        operator=world.bfc.grades,
        title=title,
        start_year=2025,
        end_year=2027,
    )
