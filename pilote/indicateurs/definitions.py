"""Loading of the indicator definitions shipped with Pilote (see data/PROVENANCE.md)."""

import json
from pathlib import Path

from django.db import transaction

from pilote.core.history import assign, save_with_history
from pilote.indicateurs.models import (
    DataElement,
    Dataset,
    Disaggregation,
    DisaggregationOption,
    Indicator,
    Target,
    ValidationRule,
)

DATA = Path(__file__).resolve().parent / "data" / "indicateurs.json"
REASON = "Définitions nationales"


def _upsert(model, lookup: dict, values: dict, acting_user):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        save_with_history(obj, acting_user=acting_user, reason=REASON)
    elif assign(obj, values):
        save_with_history(obj, acting_user=acting_user, reason=REASON)
    return obj


@transaction.atomic
def load_definitions(*, acting_user) -> dict:
    """Create or refresh the definitions; idempotent."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    disaggregations = {}
    for d in data["disaggregations"]:
        dis = _upsert(Disaggregation, {"code": d["code"]}, {"name": d["name"]}, acting_user)
        disaggregations[d["code"]] = dis
        for order, option in enumerate(d["options"]):
            _upsert(
                DisaggregationOption,
                {"disaggregation": dis, "code": option["code"]},
                {"name": option["name"], "order": order},
                acting_user,
            )
    elements = {}
    for e in data["data_elements"]:
        values = {k: v for k, v in e.items() if k not in ("code", "disaggregation")}
        values["disaggregation"] = disaggregations.get(e["disaggregation"])
        elements[e["code"]] = _upsert(DataElement, {"code": e["code"]}, values, acting_user)
    indicators = {}
    for i in data["indicators"]:
        values = {k: v for k, v in i.items() if k not in ("code", "numerator", "denominator")}
        values["numerator"] = elements[i["numerator"]]
        values["denominator"] = elements.get(i["denominator"])
        indicators[i["code"]] = _upsert(Indicator, {"code": i["code"]}, values, acting_user)
    for r in data["validation_rules"]:
        _upsert(
            ValidationRule,
            {"code": r["code"]},
            {k: v for k, v in r.items() if k != "code"},
            acting_user,
        )
    for code, value in data["national_targets"].items():
        _upsert(
            Target,
            {"indicator": indicators[code], "territory": None, "period": "2024"},
            {"value": value},
            acting_user,
        )
    for ds in data["datasets"]:
        dataset = _upsert(
            Dataset,
            {"code": ds["code"]},
            {"name": ds["name"], "period_type": ds["period_type"], "level": ds["level"]},
            acting_user,
        )
        wanted = {elements[c].pk for c in ds["data_elements"]}
        if set(dataset.data_elements.values_list("pk", flat=True)) != wanted:
            dataset.data_elements.set(wanted)
    return {"elements": len(elements), "indicators": len(indicators)}
