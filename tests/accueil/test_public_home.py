"""`/` for a visitor: what Pilote is, the published national figures with what they cover, the
public pages, open data, the API and the login; never a redirect to the login form."""

from django.urls import reverse

from pilote.comptes.models import Role
from tests.reporting import open_semester, submitted, validate_and_accept


def accept(region_world, national_admin, campaign, connected="36"):
    report = submitted(region_world, campaign, ES_TOTAL="40", MSS_ES_CONNECTES=connected)
    validate_and_accept(region_world, national_admin, report)


def test_a_visitor_gets_the_public_home_page_not_the_login_form(client, db):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Pilote, le pilotage de la e-santé régionale" in page
    assert "Aucune donnée publiée pour le moment." in page
    for link in (
        reverse("dashboard:national"),
        reverse("catalogue:index"),
        reverse("dashboard:schema"),
        "/api/v1/docs",
        reverse("comptes:login"),
    ):
        assert f'href="{link}' in page, link
    # the rest of Pilote still needs a login
    assert client.get(reverse("portefeuille:list")).status_code == 302


def test_the_latest_semester_every_region_published_is_the_national_total(
    client, world, indicators
):
    complete = open_semester(world, "2026S1")
    accept(world.bfc, world.national_admin, complete)
    accept(world.ara, world.national_admin, complete, connected="32")
    partial = open_semester(world, "2026S2")
    accept(world.bfc, world.national_admin, partial, connected="40")
    page = client.get("/").content.decode()
    # 2026S1 is shown as the national figure: (36 + 32) / (40 + 40)
    assert "1er semestre 2026 : total national, données acceptées des 2 régions." in page
    assert "85,0 %" in page
    assert "Cible nationale" in page
    # 2026S2, one region of two, is said to be partial and linked, never called national
    assert (
        "2e semestre 2026 en cours de publication : données acceptées de 1 régions sur 2." in (page)
        or "2e semestre 2026 en cours de publication" in page
    )
    assert "?periode=2026S2" in page
    assert "100,0 %" not in page  # BFC's own 40 / 40 is not shown as France's figure


def test_a_partial_total_says_how_many_regions_it_adds_up(client, world, indicators):
    accept(world.bfc, world.national_admin, open_semester(world, "2026S2"))
    page = client.get("/").content.decode()
    assert "total partiel" in page
    assert "somme des seules régions dont les données sont acceptées (1 sur 2)" in page
    assert "ce n'est pas un total national" in page
    assert "total partiel de 1 région sur 2" in page
    assert "Cible nationale" not in page  # a partial sum is not compared with the target
    assert "90,0 %" in page


def test_a_logged_in_user_keeps_their_home_with_the_todo_list_first(client, world):
    client.force_login(world.bfc.users[Role.ARS_READER])
    page = client.get("/").content.decode()
    assert "Pilote, le pilotage de la e-santé régionale" not in page
    assert f"<h1>{world.bfc.region.name}</h1>" in page
    main = page[page.index("<h1>") :]
    assert main.index("À faire") < main.index("Agence régionale de santé")
    assert "Rien ne vous attend pour le moment." in page
