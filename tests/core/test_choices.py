"""`get_<field>_display()` of the models shown in long lists (pilote.core.choices)."""

from django.db import models
from django.utils import translation

from pilote.acteurs.models import Organisation, OrganisationType
from pilote.portefeuille.models import GateDecision, Phase, Project


def _django_display(instance, name):
    return models.Model._get_FIELD_display(instance, instance._meta.get_field(name))


def test_labels_are_django_s_for_every_choice_and_unknown_values():
    for value in [*OrganisationType.values, "inconnu", ""]:
        organisation = Organisation(type=value)
        assert organisation.get_type_display() == _django_display(organisation, "type")
    for value in [*Phase.values, "autre"]:
        assert Project(phase=value).get_phase_display() == _django_display(
            Project(phase=value), "phase"
        )
        gate = GateDecision(from_phase=value, to_phase=value)
        assert gate.get_to_phase_display() == _django_display(gate, "to_phase")
    assert Organisation(type=OrganisationType.GRADES).get_type_display() == str(
        OrganisationType.GRADES.label
    )


def test_one_translation_per_label_shown(monkeypatch):
    """Django's version translated every choice of the field at each call (20 organisation
    types per row of the organisation list)."""
    Organisation(type=OrganisationType.ARS).get_type_display()  # the labels, built once
    calls = []
    original = translation._trans.gettext
    monkeypatch.setattr(
        translation._trans, "gettext", lambda message: calls.append(message) or original(message)
    )
    for value in OrganisationType.values[:10]:
        Organisation(type=value).get_type_display()
    assert len(calls) == 10
