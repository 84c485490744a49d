from django.urls import path

from pilote.cadre import views

app_name = "cadre"
urlpatterns = [
    path("", views.version_list, name="versions"),
    path("comparer/", views.version_diff, name="diff"),
    path("evolutions/", views.evolution_list, name="evolutions"),
    path("evolutions/deposer/", views.evolution_submit, name="evolution_submit"),
    path("evolutions/<int:pk>/", views.evolution_detail, name="evolution"),
    path("evolutions/<int:pk>/<str:step>/", views.evolution_step, name="evolution_step"),
    path("<int:year>/", views.version_detail, name="version"),
    path("<int:year>/suivante/", views.version_next, name="version_next"),
    path("<int:year>/publier/", views.version_publish, name="version_publish"),
    path("<int:year>/<str:component>/ajouter/", views.item_edit, name="item_add"),
    path("<int:year>/<str:component>/<int:pk>/", views.item_edit, name="item_edit"),
    path("<int:year>/<str:component>/<int:pk>/retirer/", views.item_delete, name="item_delete"),
]
