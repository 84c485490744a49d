from django.urls import path

from pilote.portefeuille import views_catalogue

app_name = "catalogue"
urlpatterns = [
    path("", views_catalogue.catalogue_index, name="index"),
    path("<str:code>/", views_catalogue.catalogue_region, name="region"),
]
