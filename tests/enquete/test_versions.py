"""The methodology version page: what a version holds (criteria, sub-criteria, scales,
questions) and its differences from the previous version, linked from each campaign."""

import copy

from django.urls import reverse

from pilote.comptes.access import SYSTEM
from pilote.enquete import services
from pilote.enquete.versions import differences


def second_version(first):
    definition = copy.deepcopy(first.definition)
    pilotage = definition["indices"][0]
    pilotage["criteria"][1]["label"] = "Feuille de route signée avec l'ARS"
    gestion = definition["indices"][2]["criteria"][0]
    gestion["subcriteria"] = [s for s in gestion["subcriteria"] if s["code"] != "copil"]
    gestion["min_met"] = 2
    definition["questions"][2]["choices"] = ["Oui", "Non", "En partie"]
    definition["questions"].append(
        {
            "code": "q10",
            "label": "Le GRADeS publie-t-il ses comptes ?",
            "kind": "choice",
            "choices": ["Oui", "Non"],
        }
    )
    return services.new_methodology(
        acting_user=SYSTEM, label="Révision 2026", definition=definition
    )


def test_differences_name_what_was_added_removed_and_changed(campaign):
    first = campaign.methodology
    second = second_version(first)
    changes = {
        (c.kind, c.item.section, c.item.code): c
        for c in differences(first.definition, second.definition)
    }
    assert set(changes) == {
        ("changed", "criterion", "pilotage.feuille_de_route"),
        ("changed", "criterion", "professionnalisation.gestion_projet"),
        ("removed", "subcriterion", "professionnalisation.gestion_projet.copil"),
        ("changed", "question", "q3"),
        ("added", "question", "q10"),
    }
    roadmap = changes[("changed", "criterion", "pilotage.feuille_de_route")]
    assert roadmap.details == [
        ("intitulé", "Feuille de route formalisée avec l'ARS", "Feuille de route signée avec l'ARS")
    ]
    assert changes[("changed", "criterion", "professionnalisation.gestion_projet")].details == [
        ("sous-critères requis", "3", "2")
    ]
    assert changes[("changed", "question", "q3")].details == [
        ("réponses proposées", "Oui ; Non", "Oui ; Non ; En partie")
    ]
    assert differences(first.definition, first.definition) == []


def test_the_regional_reader_reads_a_version_and_its_changes_from_the_campaign(
    client, campaign, bfc
):
    second = second_version(campaign.methodology)
    client.force_login(bfc.officer)
    detail = client.get(reverse("enquete:detail", args=[campaign.pk])).content.decode()
    first_url = reverse("enquete:methodology", args=[campaign.methodology.pk])
    assert f'href="{first_url}"' in detail
    page = client.get(first_url).content.decode()
    assert "Première version : pas de version précédente." in page
    assert "Pratiques de gestion de projet" in page
    assert "Rempli si au moins 3 sous-critères sur 3 sont remplis" in page
    assert "COPIL projet récurrent et suivi d&#x27;actions" in page
    assert "Note de 0 à 5." in page
    assert "Enquête 2011" in page  # the campaign that uses it

    page = client.get(reverse("enquete:methodology", args=[second.pk])).content.decode()
    assert "Différences avec la version 1" in page
    assert "5 éléments ajoutés, retirés ou modifiés" in page
    assert "Retiré" in page and "professionnalisation.gestion_projet.copil" in page
    assert "Rempli si au moins 2 sous-critères sur 2 sont remplis" in page
    assert "Le GRADeS publie-t-il ses comptes ?" in page
    assert "Pas encore utilisée par une campagne." in page
    assert client.get(reverse("enquete:methodology", args=[second.pk + 100])).status_code == 404
