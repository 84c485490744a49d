"""Helpers of the reporting tests: enter values as the region's GRADeS, submit, validate and
accept with a confirmation's reason, open a semester's campaign."""

import datetime

from pilote.comptes.models import Role
from pilote.indicateurs import workflow
from pilote.indicateurs.models import DataElement, Dataset
from pilote.indicateurs.values import save_value

PARTIAL = "Remontée partielle"


def enter(region_world, report, comments=None, **values) -> None:
    """Save `values` ({element code: raw}) as the region's GRADeS manager."""
    for code, raw in values.items():
        save_value(
            acting_user=region_world.users[Role.GRADES_MANAGER],
            report=report,
            element=DataElement.objects.get(code=code),
            raw=raw,
            comment=(comments or {}).get(code, ""),
        )


def submitted(region_world, campaign, **values):
    """The region's report of `campaign`, with `values` (ES_TOTAL=40 by default), submitted."""
    report = campaign.reports.get(region=region_world.region)
    enter(region_world, report, **(values or {"ES_TOTAL": "40"}))
    workflow.submit_report(acting_user=region_world.users[Role.GRADES_MANAGER], report=report)
    return report


def validate_and_accept(region_world, national_admin, report, reason=PARTIAL) -> None:
    workflow.validate_report(
        acting_user=region_world.users[Role.ARS_OFFICER], report=report, confirmation_reason=reason
    )
    workflow.accept_report(acting_user=national_admin, report=report, confirmation_reason=reason)


def open_semester(world, period, dataset_code="SOCLE_SEMESTRIEL", opened_days_ago=10):
    today = datetime.date.today()
    return workflow.open_campaign(
        acting_user=world.national_admin,
        dataset=Dataset.objects.get(code=dataset_code),
        period=period,
        opens_on=today - datetime.timedelta(days=opened_days_ago),
        deadline=today + datetime.timedelta(days=10),
        locks_on=today + datetime.timedelta(days=30),
    )
