"""API tokens: a scope (read-only or read-write), an expiry date, a history."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from pilote.comptes import services
from pilote.comptes.models import ApiToken, Role, TokenScope


@pytest.fixture
def officer(world):
    return world.bfc.users[Role.ARS_OFFICER]


def new_token(user, scope=TokenScope.READ_WRITE, valid_days=90):
    return services.create_api_token(
        acting_user=user, name="Tableur", scope=scope, valid_days=valid_days
    )


def patch_short_name(client, organisation, raw, value="CHU"):
    return client.patch(
        f"/api/v1/organisations/{organisation.pk}",
        json.dumps({"short_name": value}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )


def get_organisations(client, raw):
    return client.get("/api/v1/organisations", HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_a_read_write_token_changes_data_in_the_owners_name(client, world, officer):
    token, raw = new_token(officer)
    response = patch_short_name(client, world.bfc.hospital, raw)
    assert response.status_code == 200
    world.bfc.hospital.refresh_from_db()
    assert world.bfc.hospital.short_name == "CHU"
    assert world.bfc.hospital.history.latest().history_user == officer
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_read_only_token_reads_but_cannot_change(client, world, officer):
    _token, raw = new_token(officer, scope=TokenScope.READ)
    assert get_organisations(client, raw).status_code == 200
    response = patch_short_name(client, world.bfc.hospital, raw)
    assert response.status_code == 403
    assert "lecture seule" in response.json()["detail"]
    world.bfc.hospital.refresh_from_db()
    assert world.bfc.hospital.short_name == ""
    assert world.bfc.hospital.history.count() == 1


def test_an_expired_token_is_refused_with_a_french_reason(client, world, officer):
    token, raw = new_token(officer)
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = get_organisations(client, raw)
    assert response.status_code == 401
    assert "a expiré le" in response.json()["detail"]
    assert patch_short_name(client, world.bfc.hospital, raw).status_code == 401


def test_an_unknown_token_is_refused(client, world):
    response = get_organisations(client, "plt_inconnu")
    assert response.status_code == 401
    assert response.json()["detail"] == "Jeton d'API inconnu ou révoqué."


def test_a_token_of_a_deactivated_account_is_refused(client, world, officer):
    _token, raw = new_token(officer)
    officer.is_active = False
    officer.save()
    assert get_organisations(client, raw).status_code == 401


def test_a_revoked_token_is_refused_and_the_revocation_is_in_the_history(client, world, officer):
    token, raw = new_token(officer)
    assert get_organisations(client, raw).status_code == 200
    services.revoke_api_token(acting_user=officer, token=token)
    assert get_organisations(client, raw).status_code == 401
    revoked, created = token.history.order_by("-history_id")
    assert (revoked.history_user, revoked.history_change_reason) == (officer, "Jeton révoqué")
    assert revoked.revoked_at is not None
    assert (created.history_user, created.history_type) == (officer, "+")


def test_only_the_owner_revokes_a_token(world, officer):
    token, _raw = new_token(officer)
    with pytest.raises(PermissionDenied, match="vos propres jetons"):
        services.revoke_api_token(acting_user=world.national_admin, token=token)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_another_users_token_from_the_page_is_a_404(client, world, officer):
    token, _raw = new_token(officer)
    client.force_login(world.bfc.users[Role.ARS_READER])
    assert client.post(reverse("comptes:revoke_token", args=[token.pk])).status_code == 404


@pytest.mark.parametrize("valid_days", [0, 366])
def test_a_token_lives_one_day_to_one_year(world, officer, valid_days):
    with pytest.raises(ValidationError):
        new_token(officer, valid_days=valid_days)
    assert not ApiToken.objects.exists()


def test_the_page_creates_a_token_with_the_chosen_scope_and_expiry(client, world, officer):
    client.force_login(officer)
    page = client.get(reverse("comptes:tokens")).content.decode()
    assert "Lecture seule" in page and "Durée de validité" in page
    assert "<code>Authorization: Bearer plt_…</code>" in page
    response = client.post(
        reverse("comptes:tokens"), {"name": "Tableau", "scope": "read", "valid_days": "30"}
    )
    token = ApiToken.objects.get(user=officer)
    assert token.scope == TokenScope.READ
    expected = timezone.now() + datetime.timedelta(days=30)
    assert abs((token.expires_at - expected).total_seconds()) < 60
    page = response.content.decode()
    assert response.context["new_token"].startswith("plt_")
    assert timezone.localtime(token.expires_at).strftime("%d/%m/%Y") in page


def test_the_page_refuses_a_validity_beyond_a_year(client, world, officer):
    client.force_login(officer)
    response = client.post(
        reverse("comptes:tokens"), {"name": "Tableau", "scope": "read", "valid_days": "3650"}
    )
    assert response.context["new_token"] is None
    assert "valid_days" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_the_page_lists_expired_and_revoked_tokens(client, world, officer):
    expired, _raw = new_token(officer)
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    revoked, _raw = new_token(officer)
    services.revoke_api_token(acting_user=officer, token=revoked)
    client.force_login(officer)
    page = client.get(reverse("comptes:tokens")).content.decode()
    assert "expiré" in page and "révoqué" in page and "Lecture et écriture" in page
