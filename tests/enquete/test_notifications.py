"""Invitations and reminders of the survey by e-mail (through the notifications machinery:
sent once committed, by the worker; tests run the tasks immediately)."""

import datetime

import pytest
from django.core import mail

from pilote.enquete import services, services_answers
from pilote.notifications.survey import send_survey_reminders


@pytest.fixture
def invited(bfc, ara, admin, immediate_tasks, django_capture_on_commit_callbacks):
    campaign = services.create_campaign(
        acting_user=admin,
        name="Enquête 2025",
        years=[2025],
        deadline=datetime.date(2026, 3, 31),
        operators=[bfc.grades, ara.grades],
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(acting_user=admin, campaign=campaign)
    return campaign


def test_the_operators_and_their_ars_are_invited(invited, bfc, ara):
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == sorted(u.email for u in (bfc.manager, bfc.officer, ara.manager, ara.officer))
    grades = next(m for m in mail.outbox if m.to == [bfc.manager.email])
    assert grades.subject == "Pilote : enquête annuelle — Enquête 2025"
    assert "la grille de votre structure" in grades.body
    assert f"/enquete/{invited.pk}/" in grades.body
    ars = next(m for m in mail.outbox if m.to == [bfc.officer.email])
    assert "questionnaire de l'ARS" in ars.body


def test_reminders_go_to_those_who_have_not_answered_once(
    invited, bfc, ara, django_capture_on_commit_callbacks
):
    grid = services.start_grid(acting_user=bfc.manager, campaign=invited, year=2025)
    services.submit_grid(acting_user=bfc.manager, grid=grid)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_survey_reminders(datetime.date(2026, 3, 25)) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        u.email for u in (bfc.officer, ara.manager, ara.officer)
    )
    assert "dans 6 jours" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert send_survey_reminders(datetime.date(2026, 3, 26)) == 0
        # the ARS of BFC answers: no reminder for it the day before
        services_answers.answer_questionnaire(
            acting_user=bfc.officer,
            campaign=invited,
            region=bfc.region,
            answers=full_answers(invited),
            submit=True,
        )
        assert send_survey_reminders(datetime.date(2026, 3, 30)) == 2


def full_answers(campaign) -> dict:
    out = {}
    for q in campaign.methodology.definition["questions"]:
        if q["kind"] == "choice":
            out[q["code"]] = q["choices"][0]
        elif q["kind"] == "scale":
            out[q["code"]] = q["max"]
        else:
            out[q["code"]] = {q["items"][0]: 1}
    return out
