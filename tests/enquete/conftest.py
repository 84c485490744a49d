import pytest

from pilote.acteurs.models import OrganisationType
from pilote.comptes.access import SYSTEM
from pilote.comptes.models import Role
from pilote.enquete import services
from pilote.territoires.models import Territory
from tests.enquete.territories import load_small_reference
from tests.factories import OrganisationFactory, user_with_role


class RealRegion:
    """A region of the reference with its ARS and GRADeS and their accounts."""

    def __init__(self, code: str):
        self.region = Territory.objects.current().regions().get(code=code)
        departement = self.region.children.order_by("code").first()
        self.ars = OrganisationFactory(
            name=f"ARS {self.region.name}", type=OrganisationType.ARS, departement=departement
        )
        self.grades = OrganisationFactory(
            name=f"GRADeS {self.region.name}",
            type=OrganisationType.GRADES,
            departement=departement,
        )
        self.officer = user_with_role(Role.ARS_OFFICER, self.ars)
        self.manager = user_with_role(Role.GRADES_MANAGER, self.grades)


@pytest.fixture
def territories(db):
    load_small_reference()


@pytest.fixture
def bfc(territories):
    return RealRegion("27")


@pytest.fixture
def ara(territories):
    return RealRegion("84")


@pytest.fixture
def admin(territories):
    national = OrganisationFactory(
        name="Agence nationale",
        type=OrganisationType.ORGANISME_NATIONAL,
        departement=Territory.objects.departements().get(code="69"),
    )
    return user_with_role(Role.NATIONAL_ADMIN, national)


@pytest.fixture
def campaign(territories):
    return services.create_campaign(acting_user=SYSTEM, name="Enquête 2011", years=[2009, 2011])
