from django.urls import path

from pilote.core.replica import public_read
from pilote.indicateurs import views_dashboard

app_name = "dashboard"
urlpatterns = [
    path("", public_read(views_dashboard.national), name="national"),
    path("donnees.csv", public_read(views_dashboard.data), {"fmt": "csv"}, name="data_csv"),
    path("donnees.json", public_read(views_dashboard.data), {"fmt": "json"}, name="data_json"),
    path("donnees.xlsx", public_read(views_dashboard.data), {"fmt": "xlsx"}, name="data_xlsx"),
    path("schema.json", public_read(views_dashboard.schema), name="schema"),
    path("<str:code>/", public_read(views_dashboard.region), name="region"),
    path(
        "<str:code>/<str:indicator>.svg",
        public_read(views_dashboard.region_chart_svg),
        name="region_chart",
    ),
]
