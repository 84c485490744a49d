from django.urls import path

from pilote.core.replica import public_read
from pilote.portefeuille import views_catalogue

app_name = "catalogue"
urlpatterns = [
    path("", public_read(views_catalogue.catalogue_index), name="index"),
    path("<str:code>/", public_read(views_catalogue.catalogue_region), name="region"),
]
