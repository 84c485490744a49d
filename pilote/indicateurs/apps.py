from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicateursConfig(AppConfig):
    name = "pilote.indicateurs"
    verbose_name = _("Indicateurs")

    def ready(self):
        from pilote.core import public_cache

        # what the public dashboard, its open data and charts read (tests/indicateurs/
        # test_public_cache.py checks every table they query is here or explained there)
        public_cache.watch(
            "indicateurs.Indicator",
            "indicateurs.DataElement",
            "indicateurs.Dataset",
            "indicateurs.Campaign",
            "indicateurs.Report",
            "indicateurs.Target",
            "indicateurs.RegionAggregate",
            "territoires.Territory",
            "acteurs.Organisation",
            "gouvernance.Body",
            "gouvernance.Meeting",
            "dsfr.DsfrConfig",
        )
