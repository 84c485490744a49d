from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from pilote.comptes.models import User
from pilote.indicateurs.imports import ImportRejected, import_values
from pilote.indicateurs.models import Campaign


class Command(BaseCommand):
    help = "Importe un fichier de valeurs (CSV, XLSX ou JSON) dans une campagne, d'un bloc."

    def add_arguments(self, parser):
        parser.add_argument("campaign", help="identifiant de la campagne ou sa période (2025S1)")
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="adresse du compte qui importe")
        parser.add_argument("--dry-run", action="store_true", help="vérifier sans écrire")

    def handle(self, *args, **options):
        user = User.objects.filter(email=options["user"]).first()
        if user is None:
            raise CommandError(f"Compte inconnu : {options['user']}")
        key = options["campaign"]
        campaign = (
            Campaign.objects.filter(pk=key).first()
            if key.isdigit()
            else Campaign.objects.filter(period=key.upper()).first()
        )
        if campaign is None:
            raise CommandError(f"Campagne inconnue : {key}")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        bar = tqdm(desc="écriture", unit="valeur", unit_scale=True, file=self.stderr._out)

        def progress(done, total, writing=False):
            bar.total = total
            bar.update(done - bar.n)

        try:
            result = import_values(
                acting_user=user,
                campaign=campaign,
                data=path.read_bytes(),
                file_format=path.suffix.lstrip(".").lower(),
                filename=path.name,
                dry_run=options["dry_run"],
                progress=progress,
            )
        except ImportRejected as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Fichier refusé : {exc}") from exc
        finally:
            bar.close()
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(warning))
        verb = "vérifiées" if result.dry_run else "importées"
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.rows} valeurs {verb} : {result.created} créées, "
                f"{result.updated} modifiées, {result.unchanged} inchangées."
            )
        )
