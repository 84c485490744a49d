"""On start-up a worker marks as failed the jobs of a dead worker of its machine, and only
those: a job of a live worker, or of another machine, keeps running."""

import os
import socket
import subprocess

from django_tasks_db.models import DBTaskResult

from pilote.comptes.models import Role
from pilote.indicateurs.import_jobs import start_values_import
from pilote.taches.models import Job, Status
from pilote.taches.services import recover_interrupted


def dead_pid() -> int:
    process = subprocess.Popen(["/bin/true"])
    process.wait()
    return process.pid


def test_only_the_jobs_of_a_dead_worker_of_this_machine_are_interrupted(world, campaign):
    host = socket.gethostname()
    manager = world.bfc.users[Role.GRADES_MANAGER]

    def job(status, worker):
        started = start_values_import(
            acting_user=manager,
            campaign=campaign,
            data=b"dataElement;orgUnit;period;value\n",
            file_format="csv",
            filename="f.csv",
        )
        Job.objects.filter(pk=started.pk).update(status=status, worker=worker)
        task = DBTaskResult.objects.get(id=started.task_id)
        task.claim(worker)
        return started

    dead = f"{host}:{dead_pid()}"
    killed = job(Status.RUNNING, dead)
    claimed = job(Status.PENDING, dead)  # killed between claiming the task and starting
    alive = job(Status.RUNNING, f"{host}:{os.getpid()}")
    elsewhere = job(Status.RUNNING, "autre-machine:1")
    assert recover_interrupted() == 2
    statuses = dict(Job.objects.values_list("pk", "status"))
    assert statuses == {
        killed.pk: Status.FAILED,
        claimed.pk: Status.FAILED,
        alive.pk: Status.RUNNING,
        elsewhere.pk: Status.RUNNING,
    }
    assert Job.objects.get(pk=killed.pk).error.startswith("Le traitement a été interrompu")
    assert DBTaskResult.objects.get(id=killed.task_id).status == "FAILED"
    assert DBTaskResult.objects.get(id=alive.task_id).status == "RUNNING"
    assert recover_interrupted() == 0
