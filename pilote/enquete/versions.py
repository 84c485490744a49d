"""What a methodology version holds and how it differs from the previous one: every item of
its definition (indices, criteria, sub-criteria, questions, detailed figures, risks, scales)
flattened to (section, code) with its label and the attributes that make it what it is; the
differences are the items added, removed, and changed (label or attributes, before → after).
A change of methodology is a new version, never a silent edit: this is how it is shown."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pilote.enquete.models import Methodology

SECTIONS = {
    "index": gettext_lazy("Indice"),
    "criterion": gettext_lazy("Critère"),
    "subcriterion": gettext_lazy("Sous-critère"),
    "level": gettext_lazy("Niveau d'indice"),
    "question": gettext_lazy("Question ARS"),
    "figure": gettext_lazy("Donnée de la grille"),
    "risk": gettext_lazy("Famille de risque"),
    "impact": gettext_lazy("Niveau d'impact"),
    "bands": gettext_lazy("Tranches d'effectifs"),
}
ATTRIBUTES = {
    "min_met": gettext_lazy("sous-critères requis"),
    "evidence": gettext_lazy("pré-remplissage par Pilote"),
    "kind": gettext_lazy("type de réponse"),
    "choices": gettext_lazy("réponses proposées"),
    "items": gettext_lazy("éléments à classer"),
    "min": gettext_lazy("note minimale"),
    "max": gettext_lazy("note maximale"),
    "max_rank": gettext_lazy("rangs"),
    "values": gettext_lazy("seuils (ETP)"),
}


@dataclass
class Item:
    section: str
    code: str
    label: str
    attributes: dict = field(default_factory=dict)

    @property
    def section_label(self) -> str:
        return str(SECTIONS[self.section])


@dataclass
class Change:
    kind: str  # "added", "removed", "changed"
    item: Item
    before: Item | None = None
    # (attribute label, before, after), the label first when it changed
    details: list = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return {"added": _("Ajouté"), "removed": _("Retiré"), "changed": _("Modifié")}[self.kind]


def items(definition: dict) -> dict[tuple, Item]:
    """Every item of a methodology's definition, keyed by (section, code), in reading order."""
    out: dict[tuple, Item] = {}

    def add(section, code, label, **attributes):
        out[(section, str(code))] = Item(section, str(code), str(label), attributes)

    for index in definition.get("indices", []):
        add("index", index["code"], index["label"])
        for criterion in index["criteria"]:
            code = f"{index['code']}.{criterion['code']}"
            add(
                "criterion",
                code,
                criterion["label"],
                min_met=criterion.get("min_met"),
                evidence=criterion.get("evidence", ""),
            )
            for sub in criterion.get("subcriteria", []):
                add("subcriterion", f"{code}.{sub['code']}", sub["label"])
    for level in definition.get("levels", []):
        add("level", level["level"], level["label"])
    for question in definition.get("questions", []):
        attributes = {k: v for k, v in question.items() if k not in ("code", "label")}
        add("question", question["code"], question["label"], **attributes)
    for figure in definition.get("figures", []):
        add("figure", figure["key"], figure["label"])
    for risk in definition.get("risks", []):
        add("risk", risk["code"], risk["label"])
    for impact in definition.get("risk_scale", []):
        add("impact", impact["impact"], impact["label"])
    if "staff_bands" in definition:
        add("bands", "etp", _("Seuils des tranches d'ETP"), values=definition["staff_bands"])
    return out


def _shown(value) -> str:
    if isinstance(value, list):
        return " ; ".join(str(v) for v in value)
    return "—" if value in (None, "") else str(value)


def differences(before: dict, after: dict) -> list[Change]:
    """The items of `after` added, removed or changed since `before` (reading order of `after`,
    then the removed ones in the order of `before`)."""
    old, new = items(before), items(after)
    changes = []
    for key, item in new.items():
        previous = old.get(key)
        if previous is None:
            changes.append(Change("added", item))
            continue
        details = []
        if previous.label != item.label:
            details.append((_("intitulé"), previous.label, item.label))
        for name in sorted(set(previous.attributes) | set(item.attributes)):
            a, b = previous.attributes.get(name), item.attributes.get(name)
            if a != b:
                label = str(ATTRIBUTES.get(name, name))
                details.append((label, _shown(a), _shown(b)))
        if details:
            changes.append(Change("changed", item, previous, details))
    changes += [Change("removed", item) for key, item in old.items() if key not in new]
    return changes


def previous_version(methodology: Methodology) -> Methodology | None:
    return Methodology.objects.filter(version__lt=methodology.version).order_by("-version").first()
