from django.contrib import admin
from django.urls import include, path

from pilote.accueil import views as accueil_views
from pilote.api import api

admin.site.site_header = "Administration de Pilote"
admin.site.site_title = "Pilote"

urlpatterns = [
    path("", accueil_views.home, name="home"),
    path("regions/<str:code>/", accueil_views.region_page, name="region"),
    path("regions/", include("pilote.territoires.urls")),
    path("region/choisir/", accueil_views.select_region, name="select_region"),
    path("structures/", include("pilote.acteurs.urls")),
    path("comptes/", include("pilote.comptes.urls")),
    path("portefeuille/", include("pilote.portefeuille.urls")),
    path("cadre/", include("pilote.cadre.urls")),
    path("catalogue/", include("pilote.portefeuille.urls_public")),
    path("indicateurs/", include("pilote.indicateurs.urls")),
    path("tableau-de-bord/", include("pilote.indicateurs.urls_public")),
    path("financement/", include("pilote.financement.urls")),
    path("contrats/", include("pilote.contrats.urls")),
    path("enquete/", include("pilote.enquete.urls")),
    path("gouvernance/", include("pilote.gouvernance.urls")),
    path("cooperation/", include("pilote.cooperation.urls")),
    path("audit/", include("pilote.audit.urls")),
    path("notifications/", include("pilote.notifications.urls")),
    path("taches/", include("pilote.taches.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

# A database outage or a full disk met outside a view (a middleware): the 503, not the 500.
handler500 = "pilote.core.unavailable.server_error"
