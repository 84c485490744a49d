from django.urls import path

from pilote.gouvernance import views, views_calendar, views_meetings, views_referrals

app_name = "gouvernance"
urlpatterns = [
    path("", views.index, name="index"),
    path("mes-actions/", views.my_actions, name="my_actions"),
    path("instances/<int:pk>/", views.body_detail, name="body"),
    path("instances/<int:pk>/sieges/nouveau/", views.seat_add, name="seat_add"),
    path("instances/<int:pk>/registre.xlsx", views.register, name="register"),
    path("instances/<int:pk>/convoquer/", views_meetings.meeting_add, name="meeting_add"),
    path("instances/<int:pk>/direction/", views.director_add, name="director_add"),
    path("sieges/<int:pk>/fin/", views.seat_end, name="seat_end"),
    path("chartes/<int:pk>/adhesion/", views.adhesion_add, name="adhesion_add"),
    path("adhesions/<int:pk>/retrait/", views.adhesion_withdraw, name="adhesion_withdraw"),
    path("adhesions/<int:pk>/acte/", views.adhesion_scan, name="adhesion_scan"),
    path("actions/<int:pk>/suivi/", views.action_update, name="action_update"),
    path("reunions/<int:pk>/", views_meetings.meeting_detail, name="meeting"),
    path("reunions/<int:pk>/point/", views_meetings.item_add, name="item_add"),
    path("reunions/<int:pk>/emargement/", views_meetings.attendance, name="attendance"),
    path("reunions/<int:pk>/decision/", views_meetings.decision_add, name="decision_add"),
    path("reunions/<int:pk>/action/", views_meetings.action_add, name="action_add"),
    path("reunions/<int:pk>/seconde-convocation/", views_meetings.reconvene, name="reconvene"),
    path("reunions/<int:pk>/approbation/", views_meetings.approve, name="approve"),
    path("reunions/<int:pk>/compte-rendu.pdf", views_meetings.minutes_pdf, name="minutes_pdf"),
    path("reunions/<int:pk>/invitation.ics", views_meetings.meeting_ics, name="meeting_ics"),
    path("reunions/<int:pk>/convocation/", views_calendar.convocation_send, name="convocation"),
    path(
        "reunions/<int:pk>/convocation.pdf",
        views_calendar.convocation_pdf,
        name="convocation_pdf",
    ),
    path("instances/<int:pk>/agenda.ics", views_calendar.body_feed, name="body_feed"),
    path("agenda/<str:key>/instance-<int:pk>.ics", views_calendar.token_feed, name="token_feed"),
    path("agenda/adresse/", views_calendar.calendar_token_renew, name="calendar_token"),
    path("saisines/", views_referrals.referral_list, name="referrals"),
    path("saisines/nouvelle/", views_referrals.referral_add, name="referral_add"),
    path("saisines/<int:pk>/", views_referrals.referral_detail, name="referral"),
    path(
        "saisines/<int:pk>/transmission/",
        views_referrals.referral_forward,
        name="referral_forward",
    ),
    path("saisines/<int:pk>/irrecevable/", views_referrals.referral_reject, name="referral_reject"),
    path("saisines/<int:pk>/avis/", views_referrals.referral_opinion, name="referral_opinion"),
    path("points/<int:pk>/notes/", views_meetings.item_notes, name="item_notes"),
    path("points/<int:pk>/deport/", views_meetings.recusal_add, name="recusal_add"),
]
