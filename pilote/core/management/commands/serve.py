"""`pilote serve`: the production application server (gunicorn), as the deployment document and
`make demo` run it."""

import os
import sys

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management.base import BaseCommand, CommandError

GUNICORN = ["-m", "gunicorn", "-c", "python:pilote.core.gunicorn_conf", "pilote.wsgi:application"]


def gunicorn_command(*extra: str) -> list[str]:
    """The command `pilote serve` replaces itself with."""
    return [sys.executable, *GUNICORN, *extra]


class Command(BaseCommand):
    help = (
        "Sert Pilote par gunicorn. Adresse PILOTE_BIND (127.0.0.1:8000), processus "
        "PILOTE_WEB_WORKERS, fils PILOTE_WEB_THREADS : voir docs/dev/deploiement.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind", help="adresse d'écoute (host:port), à la place de PILOTE_BIND"
        )
        parser.add_argument(
            "--print-command",
            action="store_true",
            help="affiche la commande gunicorn au lieu de la lancer",
        )

    def handle(self, *args, **options):
        self._check_static_files()
        extra = ["--bind", options["bind"]] if options["bind"] else []
        command = gunicorn_command(*extra)
        if options["print_command"]:
            self.stdout.write(" ".join(command))
            return
        sys.stdout.flush()
        sys.stderr.flush()
        # gunicorn takes this process's place: systemd's signals reach its master directly.
        os.execv(sys.executable, command)  # noqa: S606 - fixed arguments, no shell

    @staticmethod
    def _check_static_files() -> None:
        """Without collectstatic, every page would fail on its first stylesheet."""
        manifest = getattr(staticfiles_storage, "manifest_name", None)
        if manifest and not staticfiles_storage.exists(manifest):
            raise CommandError(
                f"Les fichiers statiques n'ont pas été collectés dans {settings.STATIC_ROOT} : "
                "lancez d'abord « pilote collectstatic --noinput »."
            )
