"""The API answers a request that does not match its schema, or an unauthenticated one, in
French: a message per field, the field named, pydantic's type kept for programs."""

import json

from pilote.comptes.models import Role
from pilote.core import api_errors


def test_a_body_missing_fields_and_of_the_wrong_types_is_refused_in_french(client, world):
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    body = {"region": world.bfc.region.code, "moa_id": "pas un nombre", "title": 12}
    response = client.post("/api/v1/portfolio/projects", json.dumps(body), "application/json")
    assert response.status_code == 422
    answer = response.json()
    by_field = {e["champ"]: e for e in answer["detail"]}
    assert by_field["moa_id"]["msg"] == "Nombre entier attendu."
    assert by_field["moa_id"]["type"] == "int_parsing"
    assert by_field["code"]["msg"] == "Champ obligatoire."
    assert by_field["code"]["loc"][0] == "body"
    text = json.dumps(answer, ensure_ascii=False)
    assert "Field required" not in text and "Input should" not in text
    assert answer["message"].startswith("Requête invalide — ")
    assert "code : Champ obligatoire." in answer["message"]


def test_a_query_parameter_of_the_wrong_type_is_named(client, world):
    client.force_login(world.bfc.users[Role.ARS_READER])
    response = client.get("/api/v1/organisations", {"page": "deux"})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["champ"] == "page" and error["msg"] == "Nombre entier attendu."


def test_an_anonymous_call_is_told_in_french_how_to_authenticate(client, db):
    response = client.get("/api/v1/portfolio/projects")
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentification requise : session ou jeton d'API."}


def test_messages_use_the_limits_pydantic_gives_and_our_validators_pass_through():
    errors = api_errors.french_errors(
        [
            {
                "type": "string_too_long",
                "loc": ("body", "payload", "name"),
                "msg": "x",
                "ctx": {"max_length": 200},
            },
            {
                "type": "value_error",
                "loc": ("body", "payload", "siret"),
                "msg": "Value error, Le SIRET compte 14 chiffres.",
            },
            {
                "type": "enum",
                "loc": ("body", "payload", "impulsion"),
                "msg": "Input should be 'nationale' or 'regionale'",
                "ctx": {"expected": "'nationale' or 'regionale'"},
            },
            {"type": "some_future_type", "loc": ("query", "q"), "msg": "English"},
        ]
    )
    assert [e["msg"] for e in errors] == [
        "Texte trop long : au plus 200 caractères.",
        "Le SIRET compte 14 chiffres.",
        "Valeur non permise ; valeurs possibles : 'nationale' ou 'regionale'.",
        "Valeur invalide.",
    ]
    assert [e["champ"] for e in errors] == ["name", "siret", "impulsion", "q"]


def test_every_operation_has_a_french_summary_not_the_function_name():
    from pilote.api import api

    generated = []
    count = 0
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                count += 1
                name = operation.view_func.__name__
                if operation.summary == name.title().replace("_", " "):
                    generated.append(name)
    assert count > 20
    assert generated == [], f"opérations sans résumé en français : {generated}"
