from django.urls import path

from pilote.portefeuille import (
    views_catalogue_edit,
    views_import,
    views_portfolio,
    views_project,
    views_project_edit,
    views_strategy,
)

app_name = "portefeuille"
p = "projets/<int:pk>/"
urlpatterns = [
    path("", views_portfolio.project_list, name="list"),
    path("export.csv", views_portfolio.project_export, {"fmt": "csv"}, name="export_csv"),
    path("export.xlsx", views_portfolio.project_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("importer/", views_import.project_import, name="import"),
    path("vue-d-ensemble/", views_portfolio.portfolio_overview, name="overview"),
    path("conformite/", views_portfolio.compliance_overview, name="compliance"),
    path("comparaison-nationale/", views_portfolio.national_comparison, name="comparison"),
    path("catalogue/", views_catalogue_edit.catalogue_manage, name="catalogue"),
    path("catalogue/declarer/", views_catalogue_edit.catalogue_entry_edit, name="catalogue_add"),
    path("catalogue/<int:pk>/", views_catalogue_edit.catalogue_entry_edit, name="catalogue_edit"),
    path("strategie/", views_strategy.strategy_list, name="strategies"),
    path(
        "strategie/<int:pk>/documents/ajouter/",
        views_strategy.strategy_document,
        name="strategy_document",
    ),
    path(
        "strategie/<int:pk>/documents/<int:document_pk>/",
        views_strategy.strategy_document_download,
        name="strategy_document_file",
    ),
    path("strategie/ajouter/", views_strategy.strategy_edit, name="strategy_add"),
    path("strategie/<int:pk>/modifier/", views_strategy.strategy_edit, name="strategy_edit"),
    path(
        "strategie/<int:pk>/programmes/ajouter/", views_strategy.programme_add, name="programme_add"
    ),
    path("projets/ajouter/", views_project_edit.project_create, name="project_create"),
    path(p, views_project.project_summary, name="project"),
    path(p + "planning/", views_project.project_planning, name="project_planning"),
    path(p + "conformite/", views_project.project_compliance, name="project_compliance"),
    path(p + "risques/", views_project.project_risks, name="project_risks"),
    path(p + "decisions/", views_project.project_decisions, name="project_decisions"),
    path(p + "historique/", views_project.project_history, name="project_history"),
    path(p + "modifier/", views_project_edit.project_edit, name="project_edit"),
    path(p + "documents/<int:document_pk>/", views_project.document_download, name="document"),
    path(p + "conformite/enregistrer/", views_project_edit.compliance_save, name="compliance_save"),
    path(p + "conformite/ouvrir/", views_project_edit.compliance_start, name="compliance_start"),
    path(p + "passage/demander/", views_project_edit.gate_request, name="gate_request"),
    path(p + "passage/<int:gate_pk>/decider/", views_project_edit.gate_decide, name="gate_decide"),
    path(p + "convergence/", views_project_edit.converge, name="converge"),
    path(p + "<str:kind>/ajouter/", views_project_edit.child_edit, name="child_add"),
    path(p + "<str:kind>/<int:child_pk>/", views_project_edit.child_edit, name="child_edit"),
    path(
        p + "<str:kind>/<int:child_pk>/supprimer/",
        views_project_edit.child_delete,
        name="child_delete",
    ),
]
