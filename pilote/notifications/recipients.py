"""Who is told what: the candidates are the active members of the region's organisations with
the right role; each app's perms function has the last word. National roles, who may act
everywhere, are not written to about a region's business (their to-do list shows it)."""

from django.db.models import Q

from pilote.acteurs.models import Organisation
from pilote.comptes.access import access_for
from pilote.comptes.models import Role, User
from pilote.indicateurs import perms as indicator_perms
from pilote.indicateurs.models import DataValue, Report, ReportEvent, ReportStatus
from pilote.portefeuille import perms as portfolio_perms
from pilote.portefeuille.models import GateDecision

REPORTER_ROLES = set(indicator_perms.REGIONAL_REPORTERS) | set(
    indicator_perms.ESTABLISHMENT_REPORTERS
)


def _members(organisations, roles) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__role__in=roles,
            memberships__organisation__in=organisations,
        )
        .distinct()
        .order_by("pk")
    )


def _regional(users, allowed) -> list[User]:
    return [u for u in users if not access_for(u).is_national and allowed(u)]


def report_validators(report: Report) -> list[User]:
    """The ARS officers of the report's region (`can_validate_report`)."""
    candidates = _members(Organisation.objects.in_region(report.region_id), [Role.ARS_OFFICER])
    return _regional(candidates, lambda u: indicator_perms.can_validate_report(u, report))


def report_reporters(report: Report) -> list[User]:
    """Those who reported: who submitted the report or entered its values, while they still
    may enter it (`can_enter_report`)."""
    submitters = ReportEvent.objects.filter(report=report, to_status=ReportStatus.SUBMITTED)
    authors = DataValue.objects.filter(report=report, updated_by__isnull=False)
    users = User.objects.filter(is_active=True).filter(
        Q(pk__in=submitters.values("user")) | Q(pk__in=authors.values("updated_by"))
    )
    return [u for u in users.order_by("pk") if indicator_perms.can_enter_report(u, report)]


def report_enterers(reports) -> dict[User, list[Report]]:
    """For each person who may enter some of `reports` (`can_enter_report`), those reports:
    the region's GRADeS and ARS, an establishment's own people."""
    reports = list(reports)
    organisations = Organisation.objects.in_regions({r.region_id for r in reports})
    out: dict[User, list[Report]] = {}
    for user in _members(organisations, REPORTER_ROLES):
        if access_for(user).is_national:
            continue
        theirs = [r for r in reports if indicator_perms.can_enter_report(user, r)]
        if theirs:
            out[user] = theirs
    return out


def gate_deciders(gate: GateDecision) -> list[User]:
    """Those who may decide the requested gate (`can_decide_gate`) in its project's region."""
    candidates = _members(
        Organisation.objects.in_region(gate.project.region_id),
        [Role.ARS_OFFICER, Role.GRADES_MANAGER],
    )
    return _regional(candidates, lambda u: portfolio_perms.can_decide_gate(u, gate))


def funding_managers(region) -> list[User]:
    """The ARS officers of `region` who manage its funding (`can_manage_funding`)."""
    from pilote.financement import perms as funding_perms

    candidates = _members(Organisation.objects.in_region(region), [Role.ARS_OFFICER])
    return _regional(candidates, lambda u: funding_perms.can_manage_funding(u, region))


def ars_officers(region) -> list[User]:
    """The ARS steering officers of `region` (the cooperation digest)."""
    candidates = _members(Organisation.objects.in_region(region), [Role.ARS_OFFICER])
    return _regional(candidates, lambda u: True)


def body_managers(body) -> list[User]:
    """Who manages a governance body (`gouvernance.perms.can_manage_body`): the ARS officers
    of its region; for a national body, the national administrators."""
    from pilote.gouvernance import perms as governance_perms

    if body.region_id is None:
        candidates = _members(Organisation.objects.all(), [Role.NATIONAL_ADMIN])
        return [u for u in candidates if governance_perms.can_manage_body(u, body)]
    candidates = _members(Organisation.objects.in_region(body.region_id), [Role.ARS_OFFICER])
    return _regional(candidates, lambda u: governance_perms.can_manage_body(u, body))


def committee_secretaries(referral) -> list[User]:
    """Who records the ethics committee's opinion (`gouvernance.perms.can_give_opinion`): the
    members of its secretariat organisation, or the body's managers when it has none."""
    from pilote.gouvernance import perms as governance_perms

    committee = referral.committee
    if committee.secretariat_id is None:
        return body_managers(committee)
    candidates = _members(
        Organisation.objects.filter(pk=committee.secretariat_id),
        governance_perms.COMMITTEE_SECRETARIES,
    )
    return _regional(candidates, lambda u: governance_perms.can_give_opinion(u, referral))
