from django.core.management.base import BaseCommand

from pilote.cadre.services import load_framework_2016
from pilote.comptes.access import SYSTEM
from pilote.territoires.services import load_reference


class Command(BaseCommand):
    help = "Charge ou met à jour les référentiels : territoires, ARS, cadre commun 2016."

    def handle(self, *args, **options):
        report = load_reference(acting_user=SYSTEM)
        self.stdout.write(self.style.SUCCESS(f"Référentiel territorial : {report}"))
        version = load_framework_2016(acting_user=SYSTEM)
        self.stdout.write(
            self.style.SUCCESS(
                f"Cadre commun {version.year} : {version.socle_services.count()} services du "
                f"socle, {version.referentiels.count()} référentiels, "
                f"{version.principles.count()} principes."
            )
        )
