"""Run in a subprocess against the fault tests' own database: the test world, an open campaign
and an API token; prints the ids the test needs as JSON."""

import json
import os
import sys

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pilote.settings.base")

import django  # noqa: E402

django.setup()

from pilote.comptes.access import SYSTEM  # noqa: E402
from pilote.comptes.models import Role  # noqa: E402
from pilote.comptes.services import create_api_token  # noqa: E402
from pilote.indicateurs.definitions import load_definitions  # noqa: E402
from pilote.indicateurs.models import DataElement  # noqa: E402
from tests.conftest import World  # noqa: E402


def main():
    import datetime

    from pilote.indicateurs.models import Dataset
    from pilote.indicateurs.workflow import open_campaign

    world = World()
    load_definitions(acting_user=SYSTEM)
    today = datetime.date.today()
    campaign = open_campaign(
        acting_user=world.national_admin,
        dataset=Dataset.objects.get(code="SOCLE_SEMESTRIEL"),
        period="2026S2",
        opens_on=today - datetime.timedelta(days=10),
        deadline=today + datetime.timedelta(days=10),
        locks_on=today + datetime.timedelta(days=30),
    )
    manager = world.bfc.users[Role.GRADES_MANAGER]
    _token, raw = create_api_token(acting_user=manager, name="t", scope="read_write", valid_days=5)
    report = campaign.reports.get(region=world.bfc.region)
    print(
        json.dumps(
            {
                "email": manager.email,
                "token": raw,
                "campaign": campaign.pk,
                "report": report.pk,
                "region": report.region.code,
                "element": DataElement.objects.get(code="ES_TOTAL").pk,
            }
        )
    )


main()
