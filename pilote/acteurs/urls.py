from django.urls import path

from pilote.acteurs import views, views_edit, views_finess, views_picker

app_name = "acteurs"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("export.csv", views.organisation_export, {"fmt": "csv"}, name="export_csv"),
    path("export.xlsx", views.organisation_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("ajouter/", views_edit.organisation_create, name="create"),
    path("choix/", views_picker.picker_options, name="picker_options"),
    path("import-finess/", views_finess.finess_import, name="finess_import"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/modifier/", views_edit.organisation_edit, name="edit"),
    path("<int:pk>/historique/", views.organisation_history, name="history"),
    path("<int:pk>/personnes/ajouter/", views_edit.person_add, name="person_add"),
    path(
        "<int:pk>/fonctions/<int:function_pk>/terminer/",
        views_edit.function_end,
        name="function_end",
    ),
]
