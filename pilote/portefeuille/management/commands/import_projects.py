from pilote.core.import_command import ImportCommand
from pilote.portefeuille.imports import COLUMNS, import_projects


class Command(ImportCommand):
    help = (
        "Importe le portefeuille de projets d'un tableur (CSV « ; » ou XLSX), d'un bloc : "
        + ";".join(COLUMNS)
        + ". Un projet est reconnu par sa région et son code."
    )

    def run_import(self, data, *, acting_user, dry_run, progress):
        return import_projects(data, acting_user=acting_user, dry_run=dry_run, progress=progress)
