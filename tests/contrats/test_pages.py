"""The CPOM pages: the ARS creates, fills and signs a contract through the forms; the annual
dialogue page and its PDF (read back with pdftotext) give each objective's achieved and target
values and the financial totals of the operator's programmings; who may reach what."""

import datetime
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from pilote.comptes.access import SYSTEM
from pilote.comptes.models import Role
from pilote.contrats import services as contract_services
from pilote.contrats.models import Cpom, Objective
from pilote.financement import services as funding
from pilote.financement.reference import load_funding_reference
from pilote.indicateurs.models import DataElement
from tests.financement.conftest import notify, programme_and_commit

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.fixture
def means(world, officer):
    """2026: 100,000 € programmed to the BFC GRADeS, 80,000 € committed, 30,000.50 € paid."""
    load_funding_reference(acting_user=SYSTEM)
    envelope = notify(officer, world.bfc.region, "250000.00")
    allocation, commitment = programme_and_commit(
        officer, envelope, world.bfc.grades, "100000.00", committed="80000.00"
    )
    funding.pay(
        acting_user=officer,
        commitment=commitment,
        paid_on=datetime.date(2026, 3, 10),
        amount=Decimal("30000.50"),
        reference="MDT-1",
    )
    return allocation


def test_the_ars_creates_fills_and_signs_a_cpom_through_the_forms(
    client, world, officer, indicators
):
    client.force_login(officer)
    response = client.post(
        reverse("contrats:add"),
        {
            "title": "CPOM 2025-2027",
            "operator": world.bfc.grades.pk,
            "start_year": 2025,
            "end_year": 2027,
        },
    )
    assert response.status_code == 302, response.content.decode()
    cpom = Cpom.objects.get()
    response = client.post(
        reverse("contrats:objective_add", args=[cpom.pk]),
        {
            "title": "Créer des DMP",
            "source": "donnee",
            "data_element": DataElement.objects.get(code="DMP_CREES").pk,
            "target_2025": "800",
            "target_2026": "1000,5",
        },
    )
    assert response.status_code == 302, response.content.decode()
    objective = Objective.objects.get()
    assert objective.territory == world.bfc.region
    assert {t.year: t.value for t in objective.targets.all()} == {2025: 800.0, 2026: 1000.5}
    response = client.post(
        reverse("contrats:sign", args=[cpom.pk]),
        {"signed_on": "2025-01-15", "signatories": ""},
    )
    assert "Ce champ est obligatoire" in response.content.decode()  # nothing signed
    response = client.post(
        reverse("contrats:sign", args=[cpom.pk]),
        {"signed_on": "2025-01-15", "signatories": "Le directeur général de l'ARS"},
    )
    assert response.status_code == 302
    page = client.get(reverse("contrats:detail", args=[cpom.pk])).content.decode()
    assert "signé le 15/01/2025" in page and "Ouvrir un avenant" in page


def test_the_dialogue_page_and_pdf_give_achieved_target_and_totals(
    client, world, officer, cpom, accepted_2026, means
):
    version = cpom.latest_version()
    contract_services.sign_version(
        acting_user=officer, version=version, signed_on=datetime.date(2025, 1, 15), signatories="DG"
    )
    previous = contract_services.record_dialogue(acting_user=officer, cpom=cpom, year=2025)
    contract_services.add_action(
        acting_user=officer, dialogue=previous, title="Plan de déploiement MSSanté"
    )
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    page = client.get(reverse("contrats:dialogue", args=[cpom.pk, 2026])).content.decode()
    assert "Connecter les établissements à MSSanté" in page
    assert "Plan de déploiement MSSanté" in page and "Prévue" in page
    assert f"100{NNBSP}000,00{NBSP}€" in page and f"30{NNBSP}000,50{NBSP}€" in page
    assert "Commentaires et décisions" not in page  # the operator reads, the ARS writes
    assert '<svg role="img" aria-label="Réalisé en pourcentage de la cible' in page
    response = client.get(reverse("contrats:dialogue_pdf", args=[cpom.pk, 2026]))
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    flat = " ".join(lines)
    assert "Connecter les établissements à MSSanté" in flat, flat
    assert "Créer des DMP" in flat
    assert "75 (1er semestre 2026)" in flat and "70" in flat  # IND_MSS_ES achieved / target
    assert "1 200 (1er semestre 2026)" in flat and "1 000" in flat  # DMP_CREES
    for total in ("100 000,00 €", "80 000,00 €", "30 000,50 €", "69 999,50 €"):
        assert total in flat, (total, flat)
    assert "Plan de déploiement MSSanté" in flat
    assert "% de la cible" in flat and "Obj. 2" in flat  # the chart (SVG), drawn as text


def _pdf_text(content: bytes) -> str:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (poppler-utils) is required"
    out = subprocess.run(  # noqa: S603 — a fixed command on the test's own PDF
        [pdftotext, "-raw", "-", "-"], input=content, capture_output=True, check=True
    )
    return out.stdout.decode().replace(NBSP, " ").replace(NNBSP, " ")


def test_the_officer_records_the_dialogue_and_updates_an_action(client, officer, cpom):
    client.force_login(officer)
    response = client.post(
        reverse("contrats:dialogue_edit", args=[cpom.pk, 2025]),
        {"held_on": "2026-03-01", "comments": "Bon démarrage", "decisions": "Cible relevée"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("contrats:action_add", args=[cpom.pk, 2025]), {"title": "Former les ES"}
    )
    assert response.status_code == 302
    action = cpom.dialogues.get(year=2025).actions.get()
    response = client.post(
        reverse("contrats:action_status", args=[action.pk]), {"status": "en_cours", "annee": "2025"}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "en_cours"
    response = client.post(
        reverse("contrats:action_status", args=[action.pk]),
        {"status": "<b>fini</b>"},
        follow=True,
    )
    assert "action inconnu : choisissez-le dans la liste" in response.content.decode()
    action.refresh_from_db()
    assert action.status == "en_cours"
    page = client.get(reverse("contrats:dialogue", args=[cpom.pk, 2025])).content.decode()
    assert "Bon démarrage" in page and "Cible relevée" in page and "En cours" in page


@pytest.mark.parametrize(
    "name, args",
    [
        ("contrats:detail", lambda c: [c.pk]),
        ("contrats:dialogue", lambda c: [c.pk, 2026]),
        ("contrats:dialogue_pdf", lambda c: [c.pk, 2026]),
        ("contrats:objective_add", lambda c: [c.pk]),
    ],
)
def test_another_regions_cpom_is_a_404(client, world, cpom, name, args):
    url = reverse(name, args=args(cpom))
    for user in (
        world.ara.users[Role.ARS_OFFICER],
        world.bfc.users[Role.PROJECT_OWNER],
        world.bfc.users[Role.BODY_MEMBER],
    ):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
    client.force_login(world.national_reader)
    assert client.get(reverse("contrats:detail", args=[cpom.pk])).status_code == 200


def test_the_operator_reads_but_may_not_reach_the_edit_pages(client, world, cpom):
    client.force_login(world.bfc.users[Role.GRADES_MANAGER])
    assert client.get(reverse("contrats:detail", args=[cpom.pk])).status_code == 200
    for name, args in (
        ("contrats:objective_add", [cpom.pk]),
        ("contrats:sign", [cpom.pk]),
        ("contrats:dialogue_edit", [cpom.pk, 2025]),
        ("contrats:add", []),
    ):
        assert client.get(reverse(name, args=args)).status_code == 404, name
    assert client.get(reverse("contrats:dialogue", args=[cpom.pk, 2031])).status_code == 404
