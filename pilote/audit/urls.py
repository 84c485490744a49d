from django.urls import path

from pilote.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_search, name="search"),
    path("export.csv", views.audit_export, {"fmt": "csv"}, name="export_csv"),
    path("export.xlsx", views.audit_export, {"fmt": "xlsx"}, name="export_xlsx"),
]
