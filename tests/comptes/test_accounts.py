import re

from django.core import mail
from django.urls import reverse

from pilote.comptes.models import ApiToken, Role

TOKEN_FORM = {"name": "x", "scope": "read", "valid_days": "90"}


def test_a_user_logs_in_with_email_and_password(client, world):
    user = world.bfc.users[Role.ARS_READER]
    response = client.post(
        reverse("comptes:login"), {"username": user.email, "password": "mot-de-passe-test"}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_a_wrong_password_gets_a_french_message(client, world):
    user = world.bfc.users[Role.ARS_READER]
    response = client.post(reverse("comptes:login"), {"username": user.email, "password": "x"})
    assert "Adresse électronique ou mot de passe incorrect." in response.content.decode()


def test_logout_needs_a_post(client, world):
    client.force_login(world.bfc.users[Role.ARS_READER])
    assert client.get(reverse("comptes:logout")).status_code == 405
    client.post(reverse("comptes:logout"))
    assert client.get(reverse("portefeuille:list")).status_code == 302


def test_password_reset_by_email(client, world, settings):
    settings.PILOTE_SITE_URL = "https://pilote.sante.gouv.fr/"
    settings.ALLOWED_HOSTS = ["testserver", "attaquant.example"]
    user = world.bfc.users[Role.ARS_READER]
    # The link is built from PILOTE_SITE_URL, not from the Host header of the request.
    client.post(
        reverse("comptes:password_reset"), {"email": user.email}, HTTP_HOST="attaquant.example"
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Pilote : réinitialisation")
    assert "attaquant.example" not in mail.outbox[0].body
    link = re.search(
        r"https://pilote\.sante\.gouv\.fr(/comptes/mot-de-passe/nouveau/\S+)", mail.outbox[0].body
    )
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0]
    client.post(
        form_url,
        {
            "new_password1": "Un-nouveau-mot-de-passe-2026",
            "new_password2": "Un-nouveau-mot-de-passe-2026",
        },
    )
    user.refresh_from_db()
    assert user.check_password("Un-nouveau-mot-de-passe-2026")


def test_an_api_token_is_shown_once_and_stored_hashed(client, world):
    user = world.bfc.users[Role.ARS_OFFICER]
    client.force_login(user)
    response = client.post(reverse("comptes:tokens"), TOKEN_FORM | {"name": "Tableur ARS"})
    raw = response.context["new_token"]
    token = ApiToken.objects.get(user=user)
    assert raw not in token.key_hash and token.prefix == raw[:8]
    client.logout()
    api = client.get("/api/v1/organisations", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.status_code == 200
    names = {o["name"] for o in api.json()["items"]}
    assert world.bfc.hospital.name in names and world.ara.hospital.name not in names


def test_a_revoked_token_is_refused(client, world):
    user = world.bfc.users[Role.ARS_OFFICER]
    client.force_login(user)
    raw = client.post(reverse("comptes:tokens"), TOKEN_FORM).context["new_token"]
    client.post(reverse("comptes:revoke_token", args=[ApiToken.objects.get(user=user).pk]))
    client.logout()
    assert (
        client.get("/api/v1/organisations", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    )


def test_csrf_is_enforced_on_forms(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.bfc.users[Role.ARS_OFFICER])
    response = client.post(reverse("comptes:tokens"), TOKEN_FORM)
    assert response.status_code == 403
    assert not ApiToken.objects.exists()
