from django.core.management.base import BaseCommand

from pilote.accueil.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Charge le jeu de démonstration (3 régions, structures, comptes par rôle)."

    def handle(self, *args, **options):
        accounts = load_demo()
        self.stdout.write(self.style.SUCCESS("Jeu de démonstration chargé."))
        self.stdout.write("")
        self.stdout.write(f"Comptes de démonstration (mot de passe commun : {DEMO_PASSWORD}) :")
        width = max(len(a.email) for a in accounts)
        for account in accounts:
            self.stdout.write(
                f"  {account.email:<{width}}  {account.role:<28} {account.organisation}"
            )
