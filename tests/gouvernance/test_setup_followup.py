"""The GRADeS set-up follow-up (§ 6): milestones reported semiannually through the indicator
module; the table shows each region's latest accepted answers with their semester, scoped."""

from django.urls import reverse

from pilote.comptes.models import Role
from pilote.gouvernance.setup_followup import coverage, setup_rows
from tests.gouvernance.conftest import FIRST_ANSWERS, setup_report
from tests.reporting import validate_and_accept

DATASET = "GRADES_MISE_EN_PLACE"


def test_the_table_shows_the_latest_accepted_answer_and_its_semester(world, indicators):
    first = setup_report(world, "2026S1", **FIRST_ANSWERS)
    validate_and_accept(world.bfc, world.national_admin, first)
    # the next semester is submitted, not accepted yet: it does not count
    setup_report(world, "2026S2", GRADES_DIRECTEUR="oui", GRADES_DIRECTEUR_DATE="01/09/2026")

    rows = {r.region.pk: r for r in setup_rows(world.national_admin)}
    assert set(rows) == {world.bfc.region.pk, world.ara.region.pk}
    bfc = rows[world.bfc.region.pk]
    forme, signed, _approved, director = bfc.milestones[:4]
    assert (forme.done, forme.on, forme.document, forme.period) == (
        True,
        "2017-04-12",
        "Délibération n° 2017-04",
        "2026S1",
    )
    assert forme.period_label == "1er semestre 2026"
    assert (director.done, director.on, director.period) == (False, "", "2026S1")
    assert signed.period == "" and signed.done is None
    assert bfc.completed == 1
    assert not rows[world.ara.region.pk].reported
    assert coverage(list(rows.values())) == (1, 2)


def test_a_later_accepted_semester_replaces_the_answer(world, indicators):
    validate_and_accept(
        world.bfc, world.national_admin, setup_report(world, "2026S1", GRADES_DIRECTEUR="non")
    )
    later = setup_report(
        world,
        "2026S2",
        comments={"GRADES_DIRECTEUR": "Nomination après accord du DG de l'ARS"},
        GRADES_DIRECTEUR="oui",
        GRADES_DIRECTEUR_DATE="2026-09-01",
    )
    validate_and_accept(world.bfc, world.national_admin, later)
    bfc = next(r for r in setup_rows(world.national_reader) if r.region == world.bfc.region)
    director = bfc.milestones[3]
    assert (director.done, director.on, director.period) == (True, "2026-09-01", "2026S2")
    assert director.document == "Nomination après accord du DG de l'ARS"


def test_a_region_reads_only_its_own_row_and_the_page_says_so(client, world, indicators):
    validate_and_accept(
        world.bfc,
        world.national_admin,
        setup_report(world, "2026S1", GRADES_FORME="oui", GRADES_FORME_DATE="12/04/2017"),
    )
    ara_rows = setup_rows(world.ara.users[Role.ARS_OFFICER])
    assert [r.region for r in ara_rows] == [world.ara.region]
    assert not ara_rows[0].reported

    client.force_login(world.ara.users[Role.ARS_OFFICER])
    page = client.get(reverse("gouvernance:setup_table")).content.decode()
    assert "Bourgogne" not in page and "Auvergne-Rhône-Alpes" in page
    assert "0 région sur 1 a déclaré" in page

    client.force_login(world.national_reader)
    page = client.get(reverse("gouvernance:setup_table")).content.decode()
    assert "1 région sur 2 a déclaré" in page
    assert "12/04/2017" in page and "1er semestre 2026" in page


def test_the_demo_reports_most_regions_and_opens_the_next_semester(reference, indicators):
    from pilote.gouvernance.demo_setup import load_setup_demo
    from pilote.indicateurs.models import Campaign
    from pilote.territoires.models import Territory
    from tests.factories import OrganisationFactory, user_with_role

    load_setup_demo()
    load_setup_demo()  # idempotent
    paris = Territory.objects.current().departements().get(code="75")
    national = user_with_role(Role.NATIONAL_READER, OrganisationFactory(departement=paris))
    rows = setup_rows(national)
    assert coverage(rows) == (14, 18)
    reported = [r for r in rows if r.reported]
    assert all(m.period == "2017S2" for r in reported for m in r.milestones)
    assert all(r.completed >= 3 and r.milestones[0].day for r in reported)
    assert all(r.open_report and r.open_report.campaign.period == "2018S1" for r in rows)
    assert Campaign.objects.filter(dataset__code=DATASET).count() == 2
