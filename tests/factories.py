"""factory_boy factories; each test builds what it needs."""

import datetime

import factory

from pilote.acteurs.models import Organisation, OrganisationType
from pilote.comptes.models import Membership, Role, User
from pilote.territoires.models import Level, Territory, Zone


class NationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ("level", "code")

    level = Level.NATION
    code = "FR"
    name = "France"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory

    level = Level.REGION
    code = factory.Sequence(lambda n: f"R{n:02d}")
    name = factory.Sequence(lambda n: f"Région {n}")
    parent = factory.SubFactory(NationFactory)
    zone = Zone.METRO
    population = 1_000_000
    valid_from = datetime.date(2016, 1, 1)


class DepartementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory

    level = Level.DEPARTEMENT
    code = factory.Sequence(lambda n: f"D{n:02d}")
    name = factory.Sequence(lambda n: f"Département {n}")
    parent = factory.SubFactory(RegionFactory)
    zone = Zone.METRO
    population = 300_000


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Structure {n}")
    type = OrganisationType.HOPITAL_PUBLIC
    departement = factory.SubFactory(DepartementFactory)
    region = factory.LazyAttribute(lambda o: o.departement.parent)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.fr")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Agent{n}")
    password = factory.PostGenerationMethodCall("set_password", "mot-de-passe-test")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.ARS_OFFICER


def user_with_role(role: str, organisation: Organisation) -> User:
    return MembershipFactory(role=role, organisation=organisation).user


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "portefeuille.Project"

    region = factory.SubFactory(RegionFactory)
    code = factory.Sequence(lambda n: f"PRJ-{n:03d}")
    title = factory.Sequence(lambda n: f"Projet {n}")
    moa = factory.SubFactory(OrganisationFactory)
    impulsion = "ars"
