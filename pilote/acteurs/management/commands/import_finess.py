from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from pilote.acteurs.finess_import import FinessRejected, import_finess, iter_report_lines
from pilote.acteurs.finess_reader import FinessFileError
from pilote.comptes.access import SYSTEM


class Command(BaseCommand):
    help = "Importe une extraction publique FINESS (établissements et entités juridiques)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="fichier etalab-cs1100507-stock-….csv")
        parser.add_argument(
            "--quiet-progress", action="store_true", help="sans barre de progression"
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="importer les lignes valides et ignorer les invalides (par défaut, une ligne "
            "invalide fait refuser tout le fichier)",
        )

    def handle(self, *args, **options):
        bars: dict[str, tqdm] = {}

        def progress(step: str, done: int, total: int) -> None:
            if options["quiet_progress"]:
                return
            bar = bars.get(step)
            if bar is None:
                bar = bars[step] = tqdm(
                    total=total, desc=step, unit="o", unit_scale=True, file=self.stderr._out
                )
            bar.update(done - bar.n)

        try:
            report = import_finess(
                options["file"],
                acting_user=SYSTEM,
                progress=progress,
                skip_invalid=options["skip_invalid"],
            )
        except FinessRejected as exc:
            for line in iter_report_lines(exc.report):
                self.stderr.write(line)
            raise CommandError(
                f"Fichier refusé, aucune modification : {exc} (option --skip-invalid)"
            ) from exc
        except FinessFileError as exc:
            raise CommandError(f"Fichier refusé, aucune modification : {exc}") from exc
        finally:
            for bar in bars.values():
                bar.close()
        for line in iter_report_lines(report):
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(report.summary()))
