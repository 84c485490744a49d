from django.urls import path

from pilote.financement import (
    views,
    views_national,
    views_plans,
    views_programmes,
    views_supervision,
    views_tranches,
)

app_name = "financement"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("supervision/", views_supervision.supervision, name="supervision"),
    path("national/", views_national.national, name="national"),
    path("plans/", views_plans.plan_list, name="plans"),
    path("plans/nouveau/", views_plans.plan_add, name="plan_add"),
    path("plans/<int:pk>/", views_plans.plan_detail, name="plan"),
    path("plans/<int:pk>/montant/", views_plans.plan_amount, name="plan_amount"),
    path("plans/<int:pk>/capacite/", views_plans.plan_capacity, name="plan_capacity"),
    path("programmes/", views_programmes.programme_list, name="programmes"),
    path("programmes/nouveau/", views_programmes.programme_add, name="programme_add"),
    path("programmes/<int:pk>/", views_programmes.programme_detail, name="programme"),
    path("programmes/<int:pk>/fenetre/", views_programmes.window_add, name="window_add"),
    path("fenetres/<int:pk>/deployer/", views_programmes.window_rollout, name="window_rollout"),
    path("enveloppes/nouvelle/", views.envelope_add, name="envelope_add"),
    path("import-comptable/", views.accounting_import, name="accounting_import"),
    path("enveloppes/<int:pk>/", views.envelope_detail, name="envelope"),
    path("enveloppes/<int:pk>/modifier/", views.envelope_edit, name="envelope_edit"),
    path("enveloppes/<int:pk>/programmer/", views.allocation_add, name="allocation_add"),
    path("enveloppes/<int:pk>/reporter/", views.carry_over, name="carry_over"),
    path("programmations/<int:pk>/engager/", views.commitment_add, name="commitment_add"),
    path("engagements/<int:pk>/payer/", views.payment_add, name="payment_add"),
    path("engagements/<int:pk>/tranche/", views_tranches.tranche_add, name="tranche_add"),
    path(
        "tranches/<int:pk>/livrable/",
        views_tranches.deliverable_approve,
        name="deliverable_approve",
    ),
    path("tranches/<int:pk>/payer/", views_tranches.tranche_pay, name="tranche_pay"),
]
