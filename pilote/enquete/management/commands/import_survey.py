from pilote.comptes.access import SYSTEM
from pilote.core.import_command import ImportCommand
from pilote.enquete.imports import COLUMNS, import_survey


class Command(ImportCommand):
    help = (
        "Importe les grilles de l'enquête des opérateurs régionaux d'un tableur (CSV « ; » ou "
        "XLSX), d'un bloc ; premières colonnes : "
        + ";".join(COLUMNS)
        + ". Crée la campagne NOM pour les années du fichier si elle n'existe pas encore."
    )
    user_required = False

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--campaign", required=True, help="nom de la campagne")

    def default_user(self):
        return SYSTEM

    def handle(self, *args, **options):
        self.campaign_name = options["campaign"]
        return super().handle(*args, **options)

    def run_import(self, data, *, acting_user, dry_run, progress):
        return import_survey(
            data,
            acting_user=acting_user,
            campaign_name=self.campaign_name,
            dry_run=dry_run,
            progress=progress,
        )
