import pytest

from pilote.cadre.models import SocleService
from pilote.comptes.models import Role
from pilote.cooperation import services
from tests.factories import ProjectFactory


@pytest.fixture
def bfc_officer(world):
    return world.bfc.users[Role.ARS_OFFICER]


@pytest.fixture
def ara_officer(world):
    return world.ara.users[Role.ARS_OFFICER]


def socle(code):
    return SocleService.objects.filter(code__iexact=code).order_by("-pk").first()


def project(world_region, code, title, description="", socles=(), **kwargs):
    made = ProjectFactory(
        region=world_region.region,
        moa=world_region.hospital,
        moa_delegate=world_region.grades,
        code=code,
        title=title,
        description=description,
        **kwargs,
    )
    made.socle_services.set([s for s in (socle(c) for c in socles) if s])
    return made


def share(user, made, **values):
    return services.save_sheet(acting_user=user, project=made, values={"shared": True, **values})


@pytest.fixture
def ara_teleconsultation(world, framework, ara_officer):
    """An ARA project about teleconsultation in nursing homes, its sheet shared."""
    made = project(
        world.ara,
        "ARA-TLC",
        "Téléconsultation en EHPAD",
        "Déploiement de chariots de téléconsultation dans les établissements pour personnes "
        "âgées dépendantes, avec les médecins traitants.",
        socles=("TELEMEDECINE",),
    )
    share(ara_officer, made, solution="Omnidoc", referent_function="Chef de projet télémédecine")
    return made
