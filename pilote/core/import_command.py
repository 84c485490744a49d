"""The shape every file-import command shares: `pilote <command> FILE --user EMAIL
[--dry-run]`, a progress bar, the problems listed on stderr and the command failing when the
file is refused. A command names its import function; the import does the work."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm


class ImportCommand(BaseCommand):
    """Subclasses set `help` and implement `run_import(data, acting_user, dry_run, progress)`,
    which returns an outcome with `ok`, `problems` and a French `str()`. A command whose
    `--user` is optional sets `user_required = False` and returns from `default_user()` the
    actor of a national file import (the system)."""

    user_required = True

    def default_user(self):
        """Hook of the commands with `user_required = False` (the actor when --user is absent)."""
        raise NotImplementedError(f"{type(self).__name__} sets user_required = False: define it")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--user", required=self.user_required, help="adresse du compte qui importe"
        )
        parser.add_argument("--dry-run", action="store_true", help="vérifier sans écrire")

    def run_import(self, data: bytes, *, acting_user, dry_run: bool, progress):
        """The hook every import command defines (see the class docstring)."""
        raise NotImplementedError(f"{type(self).__name__} must define run_import()")

    def handle(self, *args, **options):
        if options["user"] is None:
            user = self.default_user()
        else:
            user = get_user_model().objects.filter(email=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"Compte inconnu : {options['user']}")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        bar = tqdm(desc="lignes", unit="ligne", file=self.stderr._out)

        def progress(done, total):
            bar.total = total
            bar.update(done - bar.n)

        try:
            outcome = self.run_import(
                path.read_bytes(), acting_user=user, dry_run=options["dry_run"], progress=progress
            )
        finally:
            bar.close()
        if not outcome.ok:
            for problem in outcome.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Fichier refusé : {outcome}")
        self.stdout.write(self.style.SUCCESS(str(outcome)))
