from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pilote.accueil.demo import DEMO_PASSWORD, load_demo

REFUSAL = (
    "Refusé : PILOTE_DEBUG est désactivé, cette instance n'est donc pas une démonstration. "
    "Le jeu de démonstration crée des comptes, dont un administrateur national, avec un mot de "
    "passe public ({password}) : n'importe qui pourrait s'y connecter. Pour le charger quand "
    "même (instance de démonstration ou de recette accessible à vous seuls), relancez avec "
    "--force-without-debug."
)


class Command(BaseCommand):
    help = (
        "Charge le jeu de démonstration (3 régions, structures, comptes par rôle). Refuse de "
        "s'exécuter hors mode debug sans --force-without-debug."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force-without-debug",
            action="store_true",
            help="charger même avec PILOTE_DEBUG désactivé (crée un administrateur national "
            "au mot de passe public)",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force_without_debug"]:
            raise CommandError(REFUSAL.format(password=DEMO_PASSWORD))
        accounts = load_demo()
        self.stdout.write(self.style.SUCCESS("Jeu de démonstration chargé."))
        self.stdout.write("")
        self.stdout.write(f"Comptes de démonstration (mot de passe commun : {DEMO_PASSWORD}) :")
        width = max(len(a.email) for a in accounts)
        for account in accounts:
            self.stdout.write(
                f"  {account.email:<{width}}  {account.role:<28} {account.organisation}"
            )
