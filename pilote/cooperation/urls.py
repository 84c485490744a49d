from django.urls import path

from pilote.cooperation import views, views_national, views_proposals

app_name = "cooperation"
urlpatterns = [
    path("", views.index, name="index"),
    path("projets/<int:pk>/", views.sheet, name="sheet"),
    path("projets/<int:pk>/fiche/", views.sheet_edit, name="sheet_edit"),
    path("projets/<int:pk>/revue/", views_national.review_project, name="review"),
    path("projets/<int:pk>/proposer/", views_proposals.propose, name="propose"),
    path("similaires/", views.draft_similar, name="draft_similar"),
    path("besoins/", views.need_list, name="needs"),
    path("besoins/declarer/", views.need_add, name="need_add"),
    path("besoins/<int:pk>/", views.need_detail, name="need"),
    path("besoins/<int:pk>/nous-aussi/", views.need_echo, name="need_echo"),
    path("besoins/<int:pk>/projet/", views.need_convert, name="need_convert"),
    path("invitations/<int:pk>/", views_proposals.answer, name="answer"),
    path("paires/", views_national.pairs, name="pairs"),
    path("paires/avis/", views_national.pair_judge, name="pair_judge"),
    path("seuil/", views_national.threshold, name="threshold"),
    path("solutions/", views_national.solutions_map, name="map"),
    path("reutilisations/declarer/", views_proposals.reuse_add, name="reuse_add"),
]
