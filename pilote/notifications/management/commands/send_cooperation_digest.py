from django.core.management.base import BaseCommand

from pilote.notifications.digest import send_cooperation_digest


class Command(BaseCommand):
    help = (
        "Envoie aux ARS le résumé hebdomadaire des projets et besoins d'autres régions proches "
        "des leurs, apparus depuis le précédent (7 jours au plus). Une fois par semaine : un "
        "second passage dans la semaine n'envoie rien ; send_reminders l'appelle chaque jour."
    )

    def handle(self, *args, **options):
        count = send_cooperation_digest()
        self.stdout.write(self.style.SUCCESS(f"{count} résumé(s) envoyé(s)."))
