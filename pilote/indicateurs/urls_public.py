from django.urls import path

from pilote.indicateurs import views_dashboard

app_name = "dashboard"
urlpatterns = [
    path("", views_dashboard.national, name="national"),
    path("donnees.csv", views_dashboard.data, {"fmt": "csv"}, name="data_csv"),
    path("donnees.json", views_dashboard.data, {"fmt": "json"}, name="data_json"),
    path("donnees.xlsx", views_dashboard.data, {"fmt": "xlsx"}, name="data_xlsx"),
    path("schema.json", views_dashboard.schema, name="schema"),
    path("<str:code>/", views_dashboard.region, name="region"),
    path("<str:code>/<str:indicator>.svg", views_dashboard.region_chart_svg, name="region_chart"),
]
