from django.core.management.base import BaseCommand

from pilote.territoires.services import load_reference


class Command(BaseCommand):
    help = "Charge ou met à jour le référentiel territorial (régions, départements, ARS)."

    def handle(self, *args, **options):
        report = load_reference(acting_user=None)
        self.stdout.write(self.style.SUCCESS(f"Référentiel territorial : {report}"))
