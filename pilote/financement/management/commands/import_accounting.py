from pilote.core.import_command import ImportCommand
from pilote.financement.accounting import import_accounting


class Command(ImportCommand):
    help = (
        "Importe les engagements et paiements d'un extrait comptable (CSV ou XLSX), d'un bloc : "
        "type;programmation;engagement;reference;date;montant;piece."
    )

    def run_import(self, data, *, acting_user, dry_run, progress):
        return import_accounting(data, acting_user=acting_user, dry_run=dry_run, progress=progress)
