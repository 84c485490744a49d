import pytest

from pilote.acteurs.models import OrganisationType
from pilote.comptes.access import SYSTEM
from pilote.comptes.models import Role
from tests.factories import DepartementFactory, OrganisationFactory, RegionFactory, user_with_role


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Tests create many accounts; the production hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_public_cache():
    """Each test starts with no cached public page (pilote.core.public_cache): the cache is
    this process's memory, and a test's database is rolled back or flushed after it."""
    from django.core.cache import caches

    caches["public"].clear()


@pytest.fixture
def kept_todo_badge(settings):
    """The header's count of tasks, once computed, is kept for the whole test: tests that count
    a page's queries measure the page (pilote.accueil.todo.badge_count), however slow the
    machine, after a first request has computed the count."""
    settings.PILOTE_TASK_COUNT_SECONDS = 3600


@pytest.fixture
def reference(db):
    """The full territorial reference (INSEE regions, départements, 2016 merges, ARS)."""
    from pilote.territoires.services import load_reference

    load_reference(acting_user=SYSTEM)


class RegionWorld:
    """One region with its ARS, GRADeS, a hospital and one account per regional role."""

    def __init__(self, name: str):
        self.region = RegionFactory(name=name)
        self.departement = DepartementFactory(parent=self.region)
        self.ars = OrganisationFactory(
            name=f"ARS {name}", type=OrganisationType.ARS, departement=self.departement
        )
        self.grades = OrganisationFactory(
            name=f"GRADeS {name}", type=OrganisationType.GRADES, departement=self.departement
        )
        self.hospital = OrganisationFactory(name=f"CH {name}", departement=self.departement)
        self.users = {
            Role.ARS_OFFICER: user_with_role(Role.ARS_OFFICER, self.ars),
            Role.ARS_READER: user_with_role(Role.ARS_READER, self.ars),
            Role.GRADES_MANAGER: user_with_role(Role.GRADES_MANAGER, self.grades),
            Role.PROJECT_OWNER: user_with_role(Role.PROJECT_OWNER, self.hospital),
            Role.BODY_MEMBER: user_with_role(Role.BODY_MEMBER, self.grades),
        }


class World:
    def __init__(self):
        self.bfc = RegionWorld("Bourgogne-Franche-Comté")
        self.ara = RegionWorld("Auvergne-Rhône-Alpes")
        national_org = OrganisationFactory(
            name="DNS", type=OrganisationType.ORGANISME_NATIONAL, departement=self.ara.departement
        )
        self.national_admin = user_with_role(Role.NATIONAL_ADMIN, national_org)
        self.national_reader = user_with_role(Role.NATIONAL_READER, national_org)


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def framework(db):
    """The 2016 cadre commun, published."""
    from pilote.cadre.services import load_framework_2016

    return load_framework_2016(acting_user=SYSTEM)


@pytest.fixture
def bfc_project(world, framework):
    """A BFC project whose MOA is the BFC hospital and delegated MOA the BFC GRADeS."""
    from tests.factories import ProjectFactory

    return ProjectFactory(
        region=world.bfc.region,
        moa=world.bfc.hospital,
        moa_delegate=world.bfc.grades,
        code="BFC-ROR",
        title="ROR BFC",
    )


@pytest.fixture
def indicators(db):
    """The national indicator definitions."""
    from pilote.indicateurs.definitions import load_definitions

    load_definitions(acting_user=SYSTEM)


@pytest.fixture
def campaign(world, indicators):
    """An open semiannual campaign, with a report for each of the world's regions."""
    import datetime

    from pilote.indicateurs.models import Dataset
    from pilote.indicateurs.workflow import open_campaign

    today = datetime.date.today()
    return open_campaign(
        acting_user=world.national_admin,
        dataset=Dataset.objects.get(code="SOCLE_SEMESTRIEL"),
        period="2026S2",
        opens_on=today - datetime.timedelta(days=10),
        deadline=today + datetime.timedelta(days=10),
        locks_on=today + datetime.timedelta(days=30),
    )


@pytest.fixture
def establishments(world, indicators):
    """A dataset with two socle elements, three establishments with FINESS numbers (two in
    BFC, the BFC hospital among them; one in ARA). Its level is still "region"."""
    from pilote.indicateurs.models import DataElement, Dataset
    from pilote.indicateurs.periods import SEMESTER

    world.bfc.hospital.finess_et = "210000001"
    world.bfc.hospital.save()
    other = OrganisationFactory(
        name="CH Dole", finess_et="390000001", departement=world.bfc.departement
    )
    lyon = OrganisationFactory(name="HCL", finess_et="690000001", departement=world.ara.departement)
    dataset = Dataset.objects.create(
        code="ES_NUMERIQUE", name="Usages numériques des établissements", period_type=SEMESTER
    )
    dataset.data_elements.set(DataElement.objects.filter(code__in=["DMP_CREES", "MSS_MESSAGES"]))
    return dataset, world.bfc.hospital, other, lyon


@pytest.fixture
def bfc_history(world, indicators):
    """BFC's accepted 2026S1: 6,124,653 establishments (a figure the next semester breaks)."""
    from tests.reporting import open_semester, submitted, validate_and_accept

    report = submitted(world.bfc, open_semester(world, "2026S1"), ES_TOTAL="6124653")
    validate_and_accept(world.bfc, world.national_admin, report)
    return report


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run as soon as they are enqueued, in the test's process (Django's immediate
    backend): for tests of what a task does, not of the worker (tests/taches/ run the worker)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
