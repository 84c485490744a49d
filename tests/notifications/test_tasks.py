"""E-mails are sent by a task: with the database backend (production), a committed step
enqueues one task for its e-mails and sends nothing itself; the worker's task sends them."""

from django.core import mail
from django_tasks_db.models import DBTaskResult

from pilote.comptes.models import Role
from pilote.notifications.tasks import send_emails
from tests.reporting import submitted

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_a_step_enqueues_its_emails_for_the_worker(
    world, campaign, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_BACKEND
    officer = world.bfc.users[Role.ARS_OFFICER]
    with django_capture_on_commit_callbacks(execute=True):
        report = submitted(world.bfc, campaign)
    assert mail.outbox == []  # the web request sends nothing
    task = DBTaskResult.objects.get()
    assert task.task_path == "pilote.notifications.tasks.send_emails"
    [message] = task.args_kwargs["args"][0]
    assert message["to"] == [officer.email]
    assert message["subject"] == f"Pilote : rapport soumis — {report}"
    # what the worker runs
    assert send_emails.call(*task.args_kwargs["args"]) == 1
    assert [m.to for m in mail.outbox] == [[officer.email]]
    assert mail.outbox[0].from_email == settings.DEFAULT_FROM_EMAIL


def test_a_rolled_back_step_enqueues_nothing(world, campaign, settings):
    settings.TASKS = DATABASE_BACKEND
    submitted(world.bfc, campaign)  # inside the test's transaction: never committed
    assert not DBTaskResult.objects.exists()
