"""The one policy for a service's refusal (pilote.core.pages): a permission refused is a 403
page saying why; a business rule refused is shown to the user, who may try again."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.urls import reverse

from pilote.cadre import services
from pilote.cadre.models import FrameworkVersion, VersionStatus
from pilote.comptes.models import Role
from pilote.core.pages import REFUSED, apply_service, run_service
from pilote.indicateurs.models import ReportStatus


@pytest.fixture
def draft(world, framework):
    return services.create_next_version(acting_user=world.national_admin, source=framework)


def test_a_refused_button_is_a_403_page_with_the_services_reason(client, world, draft):
    client.force_login(world.national_reader)
    response = client.post(reverse("cadre:version_publish", args=[draft.year]))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Accès refusé" in page
    assert "Seul le niveau national modifie le cadre commun." in page
    draft.refresh_from_db()
    assert draft.status != VersionStatus.PUBLISHED


def test_a_regional_user_refused_a_step_of_a_report_gets_a_403(client, world, campaign):
    report = campaign.reports.get(region=world.bfc.region)
    client.force_login(world.bfc.users[Role.ARS_READER])
    response = client.post(reverse("indicateurs:report_step", args=[report.pk, "soumettre"]))
    assert response.status_code == 403
    assert "Vous ne pouvez pas soumettre les données de cette région." in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN


def test_a_business_refusal_on_a_button_is_a_message_on_the_next_page(client, world, draft):
    client.force_login(world.national_admin)
    source = FrameworkVersion.objects.get(year=draft.year - 1)
    response = client.post(reverse("cadre:version_next", args=[source.year]), follow=True)
    assert response.status_code == 200
    assert f"La version {draft.year} existe déjà." in response.content.decode()
    assert FrameworkVersion.objects.count() == 2


class NameForm(forms.Form):
    name = forms.CharField()


def _request(world):
    request = RequestFactory().post("/", {"name": "x"})
    request.user = world.national_admin
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _refuse(exc):
    def action():
        raise exc

    return action


def test_apply_service_puts_a_business_refusal_on_the_form_and_lets_a_permission_through(world):
    request = _request(world)
    form = NameForm({"name": "x"})
    assert form.is_valid()
    refused = ValidationError({"name": "Ce nom est déjà pris."})
    assert apply_service(request, form, _refuse(refused), "ok", "/") is None
    assert form.errors["name"] == ["Ce nom est déjà pris."]
    with pytest.raises(PermissionDenied, match="Réservé au niveau national"):
        apply_service(
            request, form, _refuse(PermissionDenied("Réservé au niveau national")), "", "/"
        )


def test_run_service_flashes_a_business_refusal_and_lets_a_permission_through(world):
    request = _request(world)
    assert run_service(request, _refuse(ValidationError("Version figée."))) is REFUSED
    assert [str(m) for m in get_messages(request)] == ["Version figée."]
    with pytest.raises(PermissionDenied):
        run_service(request, _refuse(PermissionDenied("Non.")))
    assert run_service(request, lambda: 42, "Fait.") == 42
