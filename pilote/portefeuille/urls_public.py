from django.urls import path

from pilote.core.public_cache import public_page
from pilote.portefeuille import views_catalogue

app_name = "catalogue"
urlpatterns = [
    path("", public_page(views_catalogue.catalogue_index), name="index"),
    path("<str:code>/", public_page(views_catalogue.catalogue_region), name="region"),
]
