from pilote.accueil.demo import DEMO_PASSWORD, load_demo
from pilote.acteurs.models import Organisation, OrganisationType
from pilote.comptes.models import Membership, Role, User
from pilote.territoires.models import Territory


def test_the_demo_has_three_regions_roles_and_hundreds_of_organisations(reference, tmp_path):
    accounts = load_demo(tmp_path)
    assert Organisation.objects.count() > 300
    for code in ("84", "27", "76"):
        assert (
            Organisation.objects.filter(region__code=code, type=OrganisationType.ARS).count() == 1
        )
        assert (
            Organisation.objects.filter(
                region__code=code, type=OrganisationType.GRADES, is_active=True
            ).count()
            == 1
        )
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    # every region with an ARS has its ARS and its one active GRADeS (any region holds projects)
    for region in Territory.objects.current().ars_regions():
        organisations = Organisation.objects.in_region(region)
        assert organisations.filter(type=OrganisationType.ARS).count() == 1, region.name
        grades = organisations.filter(type=OrganisationType.GRADES, is_active=True)
        assert grades.count() == 1, region.name
    assert Territory.objects.current().ars_regions().count() == 18
    assert len(accounts) == 17
    user = User.objects.get(email="ars-pilotage.bfc@demo.pilote.fr")
    assert user.check_password(DEMO_PASSWORD)
    assert user.memberships.get().organisation.region.code == "27"
    # the demo project owner's hospital reports in the establishment campaign
    from pilote.indicateurs.models import Report

    owner = User.objects.get(email="porteur.bfc@demo.pilote.fr")
    [own] = Report.objects.visible_to(owner).filter(
        campaign__dataset__level="structure", campaign__period="2025S2"
    )
    assert own.organisation == owner.memberships.get().organisation
    # funding: the BFC FIR table (reference) and 2026 envelopes executed in each region
    from decimal import Decimal

    from pilote.financement import queries
    from pilote.financement.models import Envelope

    bfc_2016 = Envelope.objects.visible_to(user).filter(year=2016)
    assert sum(e.amount for e in bfc_2016) == Decimal("5988454.00")
    for code in ("84", "27", "76"):
        # the FIR's envelopes (the national programme's lump sums are on the agency's)
        envelopes = Envelope.objects.filter(region__code=code, year=2026, funder__code="ars-fir")
        rows = [queries.settle(e) for e in queries.with_execution(envelopes)]
        assert sum(e.paid for e in rows) == Decimal("750000.00"), code
        assert sum(e.committed for e in rows) == Decimal("1800000.00"), code


def test_every_demo_account_logs_in_and_lands_on_its_region(client, reference, tmp_path):
    for account in load_demo(tmp_path):
        assert client.login(email=account.email, password=DEMO_PASSWORD), account.email
        page = client.get("/")
        assert page.status_code == 200, account.email
        client.logout()


def test_loading_the_demo_twice_changes_nothing(reference, tmp_path):
    load_demo(tmp_path)
    counts = (Organisation.objects.count(), User.objects.count(), Organisation.history.count())
    load_demo(tmp_path)
    assert (
        Organisation.objects.count(),
        User.objects.count(),
        Organisation.history.count(),
    ) == counts
