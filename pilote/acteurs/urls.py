from django.urls import path

from pilote.acteurs import views

app_name = "acteurs"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/modifier/", views.organisation_edit, name="edit"),
    path("<int:pk>/historique/", views.organisation_history, name="history"),
]
