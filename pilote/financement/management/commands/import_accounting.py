from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from pilote.comptes.models import User
from pilote.financement.accounting import import_accounting


class Command(BaseCommand):
    help = (
        "Importe les engagements et paiements d'un extrait comptable (CSV ou XLSX), d'un bloc : "
        "type;programmation;engagement;reference;date;montant;piece."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="adresse du compte qui importe")
        parser.add_argument("--dry-run", action="store_true", help="vérifier sans écrire")

    def handle(self, *args, **options):
        user = User.objects.filter(email=options["user"], is_active=True).first()
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
            outcome = import_accounting(
                path.read_bytes(), acting_user=user, dry_run=options["dry_run"], progress=progress
            )
        finally:
            bar.close()
        if not outcome.ok:
            for problem in outcome.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Fichier refusé : {outcome}")
        self.stdout.write(self.style.SUCCESS(str(outcome)))
