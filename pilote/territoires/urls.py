from django.urls import path

from pilote.territoires import views

app_name = "territoires"
urlpatterns = [
    path("<str:code>/territoires/", views.infra_territories, name="infra"),
]
