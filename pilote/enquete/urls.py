from django.urls import path

from pilote.enquete import views, views_answers, views_indices, views_synthesis

app_name = "enquete"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("nouvelle/", views.campaign_add, name="add"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/importer/", views.campaign_import, name="import"),
    path("<int:pk>/etat/", views.campaign_status, name="status"),
    path("grilles/<int:pk>/", views_answers.grid_detail, name="grid"),
    path("grilles/<int:pk>/modifier/", views_answers.grid_edit, name="grid_edit"),
]
urlpatterns += [
    path("<int:pk>/grille/<int:year>/", views_answers.grid_start, name="grid_start"),
    path("grilles/<int:pk>/transmettre/", views_answers.grid_submit, name="grid_submit"),
]
urlpatterns += [
    path("grilles/<int:pk>/pre-remplir/", views_indices.grid_prefill, name="grid_prefill"),
    path("criteres/<int:pk>/", views_indices.criterion_edit, name="criterion"),
    path("criteres/<int:pk>/verifier/", views_indices.criterion_review, name="criterion_review"),
    path("<int:pk>/questionnaire/", views_indices.questionnaire_answer, name="questionnaire"),
    path(
        "questionnaires/<int:pk>/",
        views_indices.questionnaire_detail,
        name="questionnaire_detail",
    ),
    path(
        "questionnaires/<int:pk>/verifier/",
        views_indices.questionnaire_review,
        name="questionnaire_review",
    ),
]
urlpatterns += [
    path("<int:pk>/synthese/", views_synthesis.synthesis_page, name="synthesis"),
    path("<int:pk>/synthese.xlsx", views_synthesis.synthesis_xlsx, name="synthesis_xlsx"),
    path("<int:pk>/synthese.pdf", views_synthesis.synthesis_pdf, name="synthesis_pdf"),
]
urlpatterns += [path("<int:pk>/inviter/", views.campaign_invite, name="invite")]
urlpatterns += [
    path("grilles/<int:pk>/monographie.pdf", views_answers.monograph_pdf, name="monograph"),
]
urlpatterns += [
    path("methodologies/<int:pk>/", views.methodology_detail, name="methodology"),
]
