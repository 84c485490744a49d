from django.urls import path

from pilote.taches import views

app_name = "taches"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/", views.job_detail, name="detail"),
]
