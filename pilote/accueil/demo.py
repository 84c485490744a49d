"""The whole demo dataset, loaded app by app (each domain app owns its demo module): the
establishments and actors with one account per role and region, the 2016 cadre commun, a
portfolio per region, the indicator history and the open campaigns. Idempotent."""

from pathlib import Path

from django.db import transaction

from pilote.acteurs.demo import (
    DEMO_PASSWORD,
    REGIONS,
    DemoAccount,
    load_actors_and_accounts,
    load_establishments,
)
from pilote.cadre.services import load_framework_2016
from pilote.comptes.access import SYSTEM
from pilote.contrats.demo import load_contract_demo
from pilote.cooperation.demo import load_cooperation_demo
from pilote.enquete.demo import load_survey_demo
from pilote.financement.demo import load_funding_demo, load_plans_demo, load_programme_demo
from pilote.gouvernance.demo import load_governance_demo
from pilote.indicateurs.demo import load_establishment_campaign, load_indicator_demo
from pilote.portefeuille.demo import load_portfolio
from pilote.territoires.demo import load_infra_territories
from pilote.territoires.models import Territory

__all__ = ["DEMO_PASSWORD", "load_demo"]


def load_demo(var_dir: Path | None = None) -> list[DemoAccount]:
    """Load the demo dataset; return the demo accounts (all with DEMO_PASSWORD)."""
    load_establishments(var_dir)
    with transaction.atomic():
        load_framework_2016(acting_user=SYSTEM)
        accounts = load_actors_and_accounts()
        for spec in REGIONS:
            region = Territory.objects.current().regions().get(code=spec.code)
            load_infra_territories(region)
            load_portfolio(region, spec.slug)
            load_funding_demo(region, spec.slug)
        load_indicator_demo()
        load_establishment_campaign()
        regions = [
            (Territory.objects.current().regions().get(code=spec.code), spec.slug)
            for spec in REGIONS
        ]
        for region, slug in regions:
            load_plans_demo(region, slug)
        load_programme_demo(regions)
        load_contract_demo()
        load_governance_demo()
        load_survey_demo()
        load_cooperation_demo()
        return accounts
