from django.urls import path

from pilote.notifications import views

app_name = "notifications"
urlpatterns = [path("", views.preferences, name="preferences")]
