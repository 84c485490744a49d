"""The demo's survey: the 2011 campaign of the former operators (rolled up onto today's
regions) and the open 2025 campaign of the demo regions' GRADeS."""

from django.urls import reverse

from pilote.accueil.demo import load_demo
from pilote.comptes.models import User
from pilote.enquete.demo import CURRENT, HISTORY
from pilote.enquete.models import Campaign, Questionnaire, Review


def test_the_demo_survey(client, reference, tmp_path):
    load_demo(tmp_path)
    history = Campaign.objects.get(name=HISTORY)
    assert history.years == [2009, 2011]
    assert history.grids.count() == 8
    current = Campaign.objects.get(name=CURRENT)
    assert current.grids.filter(year=2024, submitted_at__isnull=False).count() == 3
    bfc_2025 = current.grids.get(year=2025)
    cpom = bfc_2025.criteria.get(criterion="cpom")
    assert cpom.prefilled and cpom.met and "module Contrats" in cpom.source
    assert Questionnaire.objects.get(campaign=current).submitted_at is not None
    # the national review: Auvergne-Rhône-Alpes's 2024 indices verified, one answer of
    # Occitanie's to be corrected
    ara_2024 = current.grids.get(year=2024, region__code="84")
    assert ara_2024.criteria.count() > 0
    assert set(ara_2024.criteria.values_list("review", flat=True)) == {Review.VERIFIED}
    to_correct = current.grids.get(year=2024, region__code="76").criteria.get(
        review=Review.TO_CORRECT
    )
    assert "pièce justificative" in to_correct.review_comment
    client.force_login(User.objects.get(email="grades.bfc@demo.pilote.fr"))
    page = client.get(reverse("enquete:synthesis", args=[history.pk])).content.decode()
    # the operator of BFC reads its own region's former operators, rolled up, and no other
    assert "Franche-Comté" in page and "Bourgogne-Franche-Comté" in page
    assert "Rhône-Alpes" not in page
    load_demo(tmp_path)  # idempotent
    assert Campaign.objects.count() == 2
