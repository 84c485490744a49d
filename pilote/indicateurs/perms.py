"""Who may define, enter, validate and accept indicator data (instruction 2016/147 § III.4).
Reads go through `Report.objects.visible_to(user)` and `DataValue.objects.visible_to(user)`
(pilote.comptes.scoping)."""

from pilote.comptes.access import access_for
from pilote.comptes.models import Role

REGIONAL_REPORTERS = (Role.GRADES_MANAGER, Role.ARS_OFFICER)
ESTABLISHMENT_REPORTERS = (Role.PROJECT_OWNER, Role.GRADES_MANAGER)


def can_define_indicators(user) -> bool:
    """Definitions, datasets and campaigns belong to the national level (its administrator)."""
    return access_for(user).is_national_admin


def can_enter_report(user, report) -> bool:
    """The GRADeS (operator) or the ARS of the region enters and submits its data; an
    establishment's report also by that establishment's own people. The national
    administrator may enter on a region's behalf (a file a region sent in); every value keeps
    its author in the history. Readers, national or regional, never enter."""
    access = access_for(user)
    if access.is_national_admin:
        return True
    if report.organisation_id and access.has_role_in_organisation(
        ESTABLISHMENT_REPORTERS, report.organisation_id
    ):
        return True
    return access.has_role_in_region(REGIONAL_REPORTERS, report.region_id)


def enters_some_report(user) -> bool:
    """Whether the user holds a role that enters reports anywhere (before looking for one)."""
    access = access_for(user)
    return access.is_national_admin or bool(
        access.roles & {*REGIONAL_REPORTERS, *ESTABLISHMENT_REPORTERS}
    )


def can_validate_report(user, report) -> bool:
    """The ARS validates (or sends back) what its region submitted."""
    return access_for(user).has_role_in_region((Role.ARS_OFFICER,), report.region_id)


def can_accept_report(user, report) -> bool:
    """The national level accepts, sends back and unlocks (any report: `report` may be None
    when the question is whether the user accepts reports at all)."""
    return access_for(user).is_national_admin


def can_return_report(user, report) -> bool:
    """A report is sent back for correction by the ARS while it is submitted, and by the
    national level while it is submitted or validated."""
    from pilote.indicateurs.models import ReportStatus

    if report.status == ReportStatus.SUBMITTED:
        return can_validate_report(user, report) or can_accept_report(user, report)
    return report.status == ReportStatus.VALIDATED and can_accept_report(user, report)
