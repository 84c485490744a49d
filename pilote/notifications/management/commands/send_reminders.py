from django.core.management.base import BaseCommand

from pilote.notifications.services import send_reminders
from pilote.notifications.survey import send_survey_reminders


class Command(BaseCommand):
    help = (
        "Envoie les rappels 7 jours et 1 jour avant la date limite des campagnes à ceux qui "
        "n'ont pas soumis leur rapport, et ceux de l'enquête annuelle des opérateurs à ceux qui "
        "n'y ont pas répondu. À lancer chaque jour ; un second passage n'envoie rien."
    )

    def handle(self, *args, **options):
        count = send_reminders() + send_survey_reminders()
        self.stdout.write(self.style.SUCCESS(f"{count} rappel(s) envoyé(s)."))
