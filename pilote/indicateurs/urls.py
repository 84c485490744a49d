from django.urls import path

from pilote.indicateurs import views_reporting

app_name = "indicateurs"
urlpatterns = [
    path("", views_reporting.campaign_list, name="campaigns"),
    path("campagnes/ouvrir/", views_reporting.campaign_create, name="campaign_create"),
    path("campagnes/<int:pk>/", views_reporting.campaign_detail, name="campaign"),
    path("campagnes/<int:pk>/modele.xlsx", views_reporting.campaign_template, name="template"),
    path("campagnes/<int:pk>/import/", views_reporting.campaign_import, name="campaign_import"),
    path(
        "campagnes/<int:pk>/accepter/",
        views_reporting.campaign_accept_validated,
        name="campaign_accept",
    ),
    path("rapports/<int:pk>/", views_reporting.report_detail, name="report"),
    path("rapports/<int:pk>/valeur/", views_reporting.value_save, name="value_save"),
    path("rapports/<int:pk>/import/", views_reporting.report_import, name="report_import"),
    path("rapports/<int:pk>/<str:step>/", views_reporting.report_step, name="report_step"),
]
