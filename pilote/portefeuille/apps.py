from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortefeuilleConfig(AppConfig):
    name = "pilote.portefeuille"
    verbose_name = _("Portefeuille régional")

    def ready(self):
        from pilote.core import public_cache

        # what the public catalogue reads (tests/portefeuille/test_public_catalogue.py)
        public_cache.watch(
            "portefeuille.DigitalService",
            "cooperation.Reuse",
            "cadre.SocleService",
            "territoires.Territory",
            "acteurs.Organisation",
            "dsfr.DsfrConfig",
        )
