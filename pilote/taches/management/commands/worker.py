"""`pilote worker`: the database backend's worker (`db_worker`), which first marks as failed
the jobs a killed worker of this machine left running (see docs/dev/jobs.md)."""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from pilote.taches.services import recover_interrupted, worker_name


class Command(DbWorkerCommand):
    help = (
        "Exécute les tâches en arrière-plan (imports volumineux, courriels). À lancer à côté du "
        "serveur web ; marque d'abord comme interrompues les tâches d'un processus arrêté."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # host:pid, so that a restarted worker recognises the tasks of a dead one
        parser.set_defaults(worker_id=worker_name()[:64])

    def handle(self, *args, **options):
        interrupted = recover_interrupted()
        if interrupted:
            self.stderr.write(f"{interrupted} tâche(s) interrompue(s) marquée(s) en échec.")
        return super().handle(*args, **options)
