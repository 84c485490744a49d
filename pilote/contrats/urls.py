from django.urls import path

from pilote.contrats import views

app_name = "contrats"
urlpatterns = [
    path("", views.cpom_list, name="list"),
    path("nouveau/", views.cpom_add, name="add"),
    path("<int:pk>/", views.cpom_detail, name="detail"),
    path("<int:pk>/objectifs/ajouter/", views.objective_add, name="objective_add"),
    path("<int:pk>/signer/", views.version_sign, name="sign"),
    path("<int:pk>/avenant/", views.cpom_amend, name="amend"),
    path("<int:pk>/dialogue/<int:year>/", views.dialogue, name="dialogue"),
    path("<int:pk>/dialogue/<int:year>/pdf/", views.dialogue_pdf, name="dialogue_pdf"),
    path("<int:pk>/dialogue/<int:year>/modifier/", views.dialogue_edit, name="dialogue_edit"),
    path("<int:pk>/dialogue/<int:year>/action/", views.action_add, name="action_add"),
    path("actions/<int:pk>/etat/", views.action_status, name="action_status"),
]
