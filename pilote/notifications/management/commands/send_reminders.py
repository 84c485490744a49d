from django.core.management.base import BaseCommand

from pilote.notifications.digest import send_cooperation_digest
from pilote.notifications.governance import send_adhesion_reminders
from pilote.notifications.services import send_reminders
from pilote.notifications.survey import send_survey_reminders


class Command(BaseCommand):
    help = (
        "Envoie les rappels 7 jours et 1 jour avant la date limite des campagnes à ceux qui "
        "n'ont pas soumis leur rapport, ceux de l'enquête annuelle des opérateurs à ceux qui "
        "n'y ont pas répondu, et annonce à l'ARS les adhésions à une charte qui échoient dans 90 "
        "puis 30 jours ; une fois par semaine, le résumé des projets proches d'autres régions. À "
        "lancer chaque jour ; un second passage n'envoie rien."
    )

    def handle(self, *args, **options):
        count = send_reminders() + send_survey_reminders()
        self.stdout.write(self.style.SUCCESS(f"{count} rappel(s) envoyé(s)."))
        adhesions = send_adhesion_reminders()
        self.stdout.write(
            self.style.SUCCESS(f"{adhesions} annonce(s) d'échéance d'adhésion envoyée(s).")
        )
        digests = send_cooperation_digest()
        self.stdout.write(
            self.style.SUCCESS(f"{digests} résumé(s) hebdomadaire(s) de coopération envoyé(s).")
        )
