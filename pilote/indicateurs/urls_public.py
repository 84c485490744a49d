from django.urls import path

from pilote.core.public_cache import public_page
from pilote.indicateurs import views_dashboard

app_name = "dashboard"
urlpatterns = [
    path("", public_page(views_dashboard.national), name="national"),
    path("donnees.csv", public_page(views_dashboard.data), {"fmt": "csv"}, name="data_csv"),
    path("donnees.json", public_page(views_dashboard.data), {"fmt": "json"}, name="data_json"),
    path("donnees.xlsx", public_page(views_dashboard.data), {"fmt": "xlsx"}, name="data_xlsx"),
    path("schema.json", public_page(views_dashboard.schema), name="schema"),
    path("<str:code>/", public_page(views_dashboard.region), name="region"),
    path(
        "<str:code>/<str:indicator>.svg",
        public_page(views_dashboard.region_chart_svg),
        name="region_chart",
    ),
]
