"""Similar projects across regions: French text, socle services, solutions, verdicts."""

import pytest
from django.urls import reverse

from pilote.comptes.models import Role
from pilote.cooperation import services, similarity, text
from pilote.cooperation.models import PairVerdict
from tests.conftest import RegionWorld
from tests.cooperation.conftest import project, share


def test_french_words_meet_across_accents_plurals_and_stop_words():
    assert text.terms("Les établissements d'hébergement") == text.terms("etablissement hebergement")
    assert "le" not in text.terms("le dossier") and "de" not in text.terms("de la")
    assert set(text.terms("Téléconsultations")) == set(text.terms("téléconsultation"))


def test_generic_words_of_the_field_weigh_little():
    vector = text.vector(text.terms("projet régional de télésurveillance"), {}, 10)
    (generic,) = [w for t, w in vector.items() if t == text.stem("projet")]
    assert generic < vector[text.stem("télésurveillance")] / 5


@pytest.fixture
def regions(world, framework):
    occ, bre = RegionWorld("Occitanie"), RegionWorld("Bretagne")
    officers = {r: r.users[Role.ARS_OFFICER] for r in (world.ara, occ, bre)}
    made = {}
    for region, code, title, description, socles in [
        (
            world.ara,
            "ARA-TLC",
            "Téléconsultation en EHPAD",
            "Chariots de téléconsultation pour les résidents des maisons de retraite.",
            ("TELEMEDECINE",),
        ),
        (
            occ,
            "OCC-TLC",
            "Télé-consultations dans les établissements pour personnes âgées",
            "Les résidents des EHPAD consultent leur médecin à distance.",
            ("TELEMEDECINE",),
        ),
        (
            bre,
            "BRE-ROR",
            "Répertoire opérationnel des ressources",
            "Projet régional de déploiement du ROR dans les établissements.",
            ("ROR",),
        ),
        (
            occ,
            "OCC-DMP",
            "Projet régional de déploiement numérique",
            "Déploiement régional du projet dans la région.",
            ("DMP",),
        ),
    ]:
        made[code] = project(region, code, title, description, socles)
        share(officers[region], made[code])
    return made


def test_the_similar_projects_of_other_regions_come_best_first_with_reasons(world, regions):
    bfc = project(
        world.bfc,
        "BFC-TLC",
        "Téléconsultation en Ehpad",
        "Déploiement de la téléconsultation pour les résidents.",
        ("TELEMEDECINE",),
    )
    matches = similarity.similar_to_project(world.bfc.users[Role.ARS_OFFICER], bfc, limit=3)
    codes = [m.item.code for m in matches]
    assert codes[:2] == ["ARA-TLC", "OCC-TLC"]
    assert "service du socle en commun" in matches[0].reasons
    assert any("ehpad" in r for r in matches[0].reasons)
    # the generic project ("projet régional de déploiement") is not found by those words
    assert "OCC-DMP" not in codes


def test_a_similar_project_that_is_not_shared_stays_hidden_from_other_regions(world, regions):
    bfc = project(world.bfc, "BFC-TLC", "Téléconsultation EHPAD", "", ("TELEMEDECINE",))
    ara_officer = world.ara.users[Role.ARS_OFFICER]
    services.save_sheet(
        acting_user=ara_officer, project=regions["ARA-TLC"], values={"shared": False}
    )
    codes = [
        m.item.code for m in similarity.similar_to_project(world.bfc.users[Role.ARS_OFFICER], bfc)
    ]
    assert "ARA-TLC" not in codes and "OCC-TLC" in codes
    national = [m.item.code for m in similarity.similar_to_project(world.national_reader, bfc)]
    assert "ARA-TLC" in national


def test_a_pair_marked_unrelated_is_not_proposed_again(world, regions):
    first, second = regions["ARA-TLC"], regions["OCC-TLC"]
    keys = {(a.pk, b.pk) for a, b, _m in similarity.similar_pairs(threshold=0.2)}
    assert (first.pk, second.pk) in keys
    services.judge_pair(
        acting_user=world.national_admin, first=second, second=first, verdict=PairVerdict.UNRELATED
    )
    keys = {(a.pk, b.pk) for a, b, _m in similarity.similar_pairs(threshold=0.2)}
    assert (first.pk, second.pk) not in keys
    codes = [m.item.code for m in similarity.similar_to_project(world.national_admin, first)]
    assert "OCC-TLC" not in codes


def test_the_form_shows_similar_projects_before_saving(client, world, regions):
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    response = client.get(
        reverse("cooperation:draft_similar"),
        {"title": "Téléconsultation en établissements pour personnes âgées", "description": ""},
        HTTP_HX_REQUEST="true",
    )
    assert "ARA-TLC" in response.text and "OCC-TLC" in response.text
    assert "BRE-ROR" not in response.text


def test_the_api_lists_similar_projects_best_first(client, world, regions):
    client.force_login(world.ara.users[Role.ARS_READER])
    response = client.get(
        f"/api/v1/portfolio/projects/{regions['ARA-TLC'].pk}/similar", {"limit": 1}
    )
    assert response.status_code == 200
    (row,) = response.json()
    assert (row["code"], row["region"]) == ("OCC-TLC", "Occitanie")
    assert set(row) >= {"id", "region", "code", "title", "score"}
    services.save_sheet(
        acting_user=world.ara.users[Role.ARS_OFFICER],
        project=regions["ARA-TLC"],
        values={"shared": False},
    )
    client.force_login(world.bfc.users[Role.ARS_READER])
    hidden = client.get(f"/api/v1/portfolio/projects/{regions['ARA-TLC'].pk}/similar")
    assert hidden.status_code == 404
