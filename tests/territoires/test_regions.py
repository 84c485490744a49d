from django.urls import reverse

from pilote.comptes.models import Role
from tests.factories import OrganisationFactory, user_with_role


def test_the_national_region_selector_lists_ile_de_france_among_the_i(client, reference):
    """The database orders names by code point, which put Île-de-France after Provence."""
    from pilote.acteurs.models import OrganisationType
    from pilote.territoires.models import Territory

    paris = Territory.objects.get(level="departement", code="75")
    ministry = OrganisationFactory(
        name="DNS", type=OrganisationType.ORGANISME_NATIONAL, departement=paris
    )
    client.force_login(user_with_role(Role.NATIONAL_READER, ministry))
    page = client.get(reverse("home")).content.decode()
    names = ["Hauts-de-France", "Île-de-France", "Normandie", "Provence-Alpes-Côte d'Azur"]
    positions = [page.find(name.replace("'", "&#x27;")) for name in names]
    assert -1 not in positions, positions
    assert positions == sorted(positions)
