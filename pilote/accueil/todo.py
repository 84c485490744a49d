"""Each user's "À faire": what awaits them in every domain app, each with its link. One query
per kind of task, whatever their number, computed once per request (the header shows the count,
the home page the list). Each app's perms function decides; national roles, who may act in every
region, see the national tasks (acceptance, campaigns closing), not each region's."""

import datetime
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pilote.comptes.access import access_for
from pilote.comptes.models import Role
from pilote.cooperation import notices
from pilote.cooperation import pages as cooperation_pages
from pilote.cooperation import perms as cooperation_perms
from pilote.gouvernance.pages import open_actions_of
from pilote.indicateurs import perms as indicator_perms
from pilote.indicateurs.models import Campaign, CampaignStatus, Report, ReportStatus
from pilote.indicateurs.values import entry_open
from pilote.portefeuille import perms as portfolio_perms
from pilote.portefeuille.models import GateDecision, GateStatus, Milestone, Project

CLOSING_WITHIN = datetime.timedelta(days=15)
SHOWN = 10  # tasks listed per section on the home page; the count covers them all
BADGE_KEY = "pilote_todo_badge"


@dataclass(frozen=True)
class Task:
    label: str
    url: str
    detail: str = ""


@dataclass
class Section:
    key: str
    title: str
    tasks: list[Task] = field(default_factory=list)
    more_url: str = ""

    @property
    def shown(self) -> list[Task]:
        return self.tasks[:SHOWN]

    @property
    def more(self) -> int:
        return max(0, len(self.tasks) - SHOWN)


TITLES = {
    "gates": gettext_lazy("Passages de phase à décider"),
    "enter": gettext_lazy("Rapports à saisir et soumettre"),
    "validate": gettext_lazy("Rapports à valider"),
    "accept": gettext_lazy("Rapports à accepter"),
    "campaigns": gettext_lazy("Campagnes qui ferment dans les 15 jours"),
    "milestones": gettext_lazy("Jalons en retard de vos projets"),
    "actions": gettext_lazy("Vos actions décidées en instance"),
    "proposals": gettext_lazy("Propositions de coopération à examiner"),
    "similar": gettext_lazy("Projets et besoins proches des vôtres apparus dans d'autres régions"),
}


def todo_for(request) -> list[Section]:
    """The sections that hold at least one task, computed once per request (and the header's
    count kept with them, see `badge_count`)."""
    cached = getattr(request, "_pilote_todo", None)
    if cached is None:
        cached = request._pilote_todo = _compute(request.user, datetime.date.today())
        _keep_badge(request, sum(len(section.tasks) for section in cached))
    return cached


def todo_count(request) -> int:
    return sum(len(section.tasks) for section in todo_for(request))


def badge_count(request) -> int:
    """The count the header shows on every page. Computing it reads every domain (about seven
    queries), so the session keeps it for BADGE_SECONDS: a task that another user's action
    gives appears within a minute (PILOTE_TASK_COUNT_SECONDS), or at once on the home page,
    whose list is always computed afresh. The user's own changes (any POST, see
    `TodoBadgeMiddleware`) drop it."""
    kept = getattr(request, "session", {}).get(BADGE_KEY)
    if (
        kept
        and kept.get("user") == request.user.pk
        and kept.get("day") == datetime.date.today().isoformat()
        and 0 <= time.time() - kept.get("at", 0) < settings.PILOTE_TASK_COUNT_SECONDS
    ):
        return kept["count"]
    return todo_count(request)


def _keep_badge(request, count: int) -> None:
    session = getattr(request, "session", None)
    if session is None or not request.user.is_authenticated:
        return
    session[BADGE_KEY] = {
        "user": request.user.pk,
        "day": datetime.date.today().isoformat(),
        "at": time.time(),
        "count": count,
    }


class TodoBadgeMiddleware:
    """Drops the header's kept count when the user changes something (any request that is not
    a read), so that the next page counts again what is left to do."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            session = getattr(request, "session", None)
            if session is not None and BADGE_KEY in session:
                del session[BADGE_KEY]
        return self.get_response(request)


def _compute(user, today: datetime.date) -> list[Section]:
    if not user.is_authenticated:
        return []
    sections = {key: Section(key, str(title)) for key, title in TITLES.items()}
    national = access_for(user).is_national
    closing = _report_tasks(user, national, today, sections)
    if national and indicator_perms.can_define_indicators(user):
        # the national level runs the campaigns: every one that closes soon
        closing = Campaign.objects.open().filter(
            opens_on__lte=today, deadline__range=(today, today + CLOSING_WITHIN)
        )
    if not national:
        _gate_tasks(user, sections["gates"])
        _milestone_tasks(user, today, sections["milestones"])
    for campaign in sorted(closing, key=lambda c: (c.deadline, c.name)):
        days = (campaign.deadline - today).days
        sections["campaigns"].tasks.append(
            Task(
                campaign.name,
                reverse("indicateurs:campaign", args=[campaign.pk]),
                _("date limite le %(d)s (%(n)s)")
                % {"d": campaign.deadline.strftime("%d/%m/%Y"), "n": _in_days(days)},
            )
        )
    sections["milestones"].more_url = reverse("portefeuille:overview")
    _governance_tasks(user, sections["actions"])
    if not national:
        _cooperation_tasks(user, sections)
    return [s for s in sections.values() if s.tasks]


def _cooperation_tasks(user, sections) -> None:
    """Invitations the user's region may answer; what appeared elsewhere that resembles the
    projects and needs of the regions where the user is an ARS officer."""
    regions = access_for(user).regions_by_role.get(Role.ARS_OFFICER, set())
    if not regions:
        return
    for invitation in cooperation_pages.pending_invitations(user, regions):
        if cooperation_perms.can_answer(user, invitation):
            project = invitation.proposal.project
            sections["proposals"].tasks.append(
                Task(
                    project.title,
                    reverse("cooperation:answer", args=[invitation.pk]),
                    _("proposé par %s") % project.region.name,
                )
            )
    for region_id in sorted(regions):
        for news in notices.news_for_region(region_id):
            sections["similar"].tasks.append(
                Task(
                    f"{news.item.title} ({news.item.region_name})",
                    notices.url_of(news.item),
                    _("proche de « %s »") % news.mine.title,
                )
            )
    sections["similar"].more_url = reverse("cooperation:index")


def _governance_tasks(user, section: Section) -> None:
    for action in open_actions_of(user):
        detail = _("%(body)s, échéance le %(d)s")
        detail %= {"body": action.meeting.body, "d": action.due_on.strftime("%d/%m/%Y")}
        section.tasks.append(Task(action.title, reverse("gouvernance:my_actions"), detail))
    section.more_url = reverse("gouvernance:my_actions")


def _in_days(days: int) -> str:
    if days == 0:
        return _("aujourd'hui")
    if days == 1:
        return _("demain")
    return _("dans %d jours") % days


def _report_tasks(user, national: bool, today, sections) -> set[Campaign]:
    """Reports to enter and submit, to validate, to accept; returns the campaigns closing soon
    among those the user has a report to enter in."""
    statuses = [ReportStatus.VALIDATED] if national else [ReportStatus.OPEN, ReportStatus.SUBMITTED]
    reports = (
        Report.objects.visible_to(user)
        .filter(status__in=statuses, campaign__status=CampaignStatus.OPEN)
        .select_related("campaign", "region", "organisation")
        .order_by("campaign__deadline", "campaign__name", "region__name", "pk")
    )
    closing = set()
    for report in reports:
        url = reverse("indicateurs:report", args=[report.pk])
        label = f"{report.campaign.name} — {report.reporter_label}"
        deadline_text = report.campaign.deadline.strftime("%d/%m/%Y")
        if report.status == ReportStatus.VALIDATED:
            if indicator_perms.can_accept_report(user, report):
                sections["accept"].tasks.append(Task(label, url, _("validé par l'ARS")))
        elif report.status == ReportStatus.SUBMITTED:
            if indicator_perms.can_validate_report(user, report):
                sections["validate"].tasks.append(Task(label, url, _("soumis à l'ARS")))
        elif entry_open(report, today) and indicator_perms.can_enter_report(user, report):
            days_left = report.campaign.deadline - today
            if report.submitted_at:
                detail = _("renvoyé pour correction")
            elif days_left.days < 0:
                detail = _("date limite dépassée (%s)") % deadline_text
            else:
                detail = _("date limite le %s") % deadline_text
            sections["enter"].tasks.append(Task(label, url, detail))
            if datetime.timedelta(0) <= days_left <= CLOSING_WITHIN:
                closing.add(report.campaign)
    return closing


def _gate_tasks(user, section: Section) -> None:
    gates = (
        GateDecision.objects.filter(
            status=GateStatus.REQUESTED, project__in=Project.objects.visible_to(user)
        )
        .select_related("project", "requested_by")
        .order_by("requested_at", "pk")
    )
    for gate in gates:
        if portfolio_perms.can_decide_gate(user, gate):
            section.tasks.append(
                Task(
                    str(gate.project),
                    reverse("portefeuille:project_decisions", args=[gate.project_id]),
                    _("%(f)s → %(t)s, demandé par %(u)s")
                    % {
                        "f": gate.get_from_phase_display(),
                        "t": gate.get_to_phase_display(),
                        "u": gate.requested_by,
                    },
                )
            )


def _milestone_tasks(user, today, section: Section) -> None:
    """Late milestones (`Milestone.objects.late`) of the projects the user may edit."""
    milestones = (
        Milestone.objects.late(today)
        .filter(project__in=Project.objects.visible_to(user))
        .select_related("project")
        .order_by("planned_on", "pk")
    )
    for milestone in milestones:
        if portfolio_perms.can_edit_project(user, milestone.project):
            section.tasks.append(
                Task(
                    f"{milestone.project.code} — {milestone.title}",
                    reverse("portefeuille:project_planning", args=[milestone.project_id]),
                    _("prévu le %s") % milestone.planned_on.strftime("%d/%m/%Y"),
                )
            )
