"""The portfolio import page: the ARS officer (their region) or the national administrator
(any region) uploads a table of projects, checks it with a dry run, then imports it."""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from pilote.core.pages import import_page
from pilote.portefeuille import perms
from pilote.portefeuille.forms import ProjectImportForm
from pilote.portefeuille.imports import import_projects


def project_import(request):
    if not perms.can_import_projects(request.user):
        raise Http404
    return import_page(
        request,
        ProjectImportForm,
        import_projects,
        template="portefeuille/project_import.html",
        title=_("Importer un portefeuille de projets"),
        back_url=reverse("portefeuille:list"),
        back_label=_("Portefeuille de projets"),
        intro=_(
            "Chaque ligne crée un projet, ou met à jour celui qui porte déjà ce code dans la "
            "région. Le fichier est importé d'un bloc : un seul problème, et rien n'est "
            "enregistré. Une ligne identique au projet est laissée telle quelle."
        ),
    )
