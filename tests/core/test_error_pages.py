"""With DEBUG off (production, `make demo`), every error is a French page with a way home, never
Django's English page."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import path

import pilote.urls

ENGLISH = ("Not Found", "Server Error", "Bad Request", "Forbidden", "CSRF verification failed")


@login_not_required
def _broken(request):
    raise RuntimeError("panne simulée")


@login_not_required
def _forbidden(request):
    raise PermissionDenied


urlpatterns = [path("panne/", _broken), path("interdit/", _forbidden), *pilote.urls.urlpatterns]


def french_page(response, status: int, heading: str) -> str:
    assert response.status_code == status
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert heading in html
    assert 'href="/"' in html and "Retour à l" in html
    for english in ENGLISH:
        assert english not in html, english
    return html


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    settings.ALLOWED_HOSTS = ["testserver"]


def test_a_missing_page_is_the_french_404(production, db):
    html = french_page(Client().get("/nulle-part/"), 404, "Page introuvable")
    assert "Se connecter" in html  # the site's header: the visitor is not lost


def test_a_refusal_is_the_french_403(production, db):
    french_page(Client().get("/interdit/"), 403, "Accès refusé")


def test_an_error_is_the_french_500_without_any_database_or_static_file(production, db):
    html = french_page(
        Client(raise_request_exception=False).get("/panne/"), 500, "Erreur inattendue"
    )
    assert "/static/" not in html


def test_an_unknown_host_is_the_french_400(production, db):
    french_page(Client().get("/", HTTP_HOST="pirate.example"), 400, "Requête invalide")


def test_a_form_without_its_csrf_token_is_the_french_403(production, db):
    response = Client(enforce_csrf_checks=True).post(
        "/comptes/connexion/", {"username": "a@b.fr", "password": "x"}
    )
    french_page(response, 403, "Formulaire expiré")


@override_settings(DEBUG=False)
def test_the_error_templates_render_alone():
    """Django renders 400, 403 CSRF and 500 without the request: no context processor."""
    from django.template.loader import render_to_string

    for name, heading in (
        ("400.html", "Requête invalide"),
        ("403_csrf.html", "Formulaire expiré"),
        ("500.html", "Erreur inattendue"),
    ):
        assert heading in render_to_string(name)
