"""A meeting's pages: convocation, agenda, attendance with the live quorum, minutes (notes per
item), decisions, actions, recusals, second convocation, approval, PDF and `.ics`."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from pilote.core.history_view import history_entries
from pilote.core.pages import apply_service
from pilote.gouvernance import exports, pages, perms, quorum, services
from pilote.gouvernance.forms import (
    ActionForm,
    ApprovalForm,
    AttendanceForm,
    DecisionForm,
    ItemForm,
    MeetingForm,
    NotesForm,
    ReconveneForm,
    RecusalForm,
)
from pilote.gouvernance.models import AgendaItem, Meeting, PortfolioReview, Presence
from pilote.gouvernance.views import _unsaved, body_or_404, managed, service_page


def meeting_or_404(request, pk) -> Meeting:
    return get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("body__region"), pk=pk
    )


def _meeting_url(meeting) -> str:
    return reverse("gouvernance:meeting", args=[meeting.pk])


def meeting_add(request, pk):
    body = managed(request, body_or_404(request, pk))
    return service_page(
        request,
        MeetingForm(request.POST or None),
        lambda f: services.convene(acting_user=request.user, meeting=_unsaved(f, body=body)),
        _("Réunion convoquée."),
        _meeting_url,
        _("Convoquer une réunion — %s") % body,
        reverse("gouvernance:body", args=[pk]),
    )


def meeting_detail(request, pk):
    meeting = meeting_or_404(request, pk)
    items = meeting.items.select_related("project", "portfolio_review").prefetch_related(
        "decisions", "actions__owner", "recusals__seat__organisation"
    )
    conflicts = {item.pk: services.conflicted_seat_ids(item) for item in items}
    sheet = pages.attendance_sheet(meeting)
    by_pk = {row.seat.pk: row.seat for row in sheet}
    context = {
        "title": str(meeting),
        "meeting": meeting,
        "body": meeting.body,
        "items": [
            (item, [by_pk[pk] for pk in sorted(conflicts[item.pk]) if pk in by_pk])
            for item in items
        ],
        "unplaced": meeting.decisions.filter(item__isnull=True),
        "free_actions": meeting.actions.filter(item__isnull=True).select_related("owner"),
        "followed": pages.followed_actions(meeting),
        "sheet": sheet,
        "quorum": quorum.compute(meeting),
        "can_manage": perms.can_manage_body(request.user, meeting.body),
        "entries": history_entries(meeting),
        # a public body's meeting is read by everyone logged in; its review's files are not
        "readable_reviews": set(
            PortfolioReview.objects.visible_to(request.user)
            .filter(meeting=meeting)
            .values_list("pk", flat=True)
        ),
    }
    return render(request, "gouvernance/meeting_detail.html", context)


def _managed_meeting(request, pk) -> Meeting:
    meeting = meeting_or_404(request, pk)
    managed(request, meeting.body)
    return meeting


def item_add(request, pk):
    meeting = _managed_meeting(request, pk)
    return service_page(
        request,
        ItemForm(request.POST or None, user=request.user, body=meeting.body),
        lambda f: services.add_item(acting_user=request.user, meeting=meeting, **f.cleaned_data),
        _("Point ajouté à l'ordre du jour."),
        _meeting_url(meeting),
        _("Ajouter un point — %s") % meeting,
    )


def _item_or_404(request, pk) -> AgendaItem:
    item = get_object_or_404(
        AgendaItem.objects.visible_to(request.user).select_related("meeting__body"), pk=pk
    )
    managed(request, item.meeting.body)
    return item


def item_notes(request, pk):
    item = _item_or_404(request, pk)
    return service_page(
        request,
        NotesForm(request.POST or None, initial={"notes": item.notes}),
        lambda f: services.save_notes(acting_user=request.user, item=item, **f.cleaned_data),
        _("Notes enregistrées."),
        _meeting_url(item.meeting),
        _("Compte rendu du point « %s »") % item.title,
    )


def recusal_add(request, pk):
    item = _item_or_404(request, pk)
    return service_page(
        request,
        RecusalForm(request.POST or None, seats=services.seats_on_day(item.meeting)),
        lambda f: services.record_recusal(acting_user=request.user, item=item, **f.cleaned_data),
        _("Déport enregistré."),
        _meeting_url(item.meeting),
        _("Déport sur le point « %s »") % item.title,
    )


def attendance(request, pk):
    """The attendance sheet to fill; the quorum is recomputed as presences are chosen (htmx
    posts the form to `?apercu=1`, which saves nothing)."""
    meeting = _managed_meeting(request, pk)
    initial = {a.seat_id: (a.presence, a.proxy_to_id) for a in meeting.attendances.all()}
    seats = services.seats_on_day(meeting).select_related("organisation")
    form = AttendanceForm(request.POST or None, seats=seats, initial_rows=initial)
    if request.method == "POST" and form.is_valid():
        if request.GET.get("apercu"):
            rows = {s.pk: (p, h.pk if h else None) for s, (p, h) in form.rows().items()}
            return render(
                request,
                "gouvernance/_quorum.html",
                {"quorum": quorum.compute(meeting, rows), "meeting": meeting},
            )
        done = apply_service(
            request,
            form,
            lambda: services.record_attendance(
                acting_user=request.user, meeting=meeting, rows=form.rows()
            ),
            lambda q: (
                _("Émargement enregistré : quorum atteint.")
                if q.met
                else _("Émargement enregistré : quorum non atteint.")
            ),
            _meeting_url(meeting),
        )
        if done:
            return done
    context = {
        "title": _("Émargement — %s") % meeting,
        "meeting": meeting,
        "form": form,
        "quorum": quorum.compute(meeting),
        "proxy": Presence.PROXY,
    }
    return render(request, "gouvernance/attendance.html", context)


def decision_add(request, pk):
    meeting = _managed_meeting(request, pk)
    return service_page(
        request,
        DecisionForm(request.POST or None, user=request.user, meeting=meeting),
        lambda f: services.record_decision(
            acting_user=request.user, decision=_unsaved(f, meeting=meeting)
        ),
        _("Décision enregistrée."),
        _meeting_url(meeting),
        _("Décision — %s") % meeting,
    )


def action_add(request, pk):
    meeting = _managed_meeting(request, pk)
    return service_page(
        request,
        ActionForm(request.POST or None, meeting=meeting),
        lambda f: services.add_action(
            acting_user=request.user, action=_unsaved(f, meeting=meeting)
        ),
        _("Action enregistrée."),
        _meeting_url(meeting),
        _("Action — %s") % meeting,
    )


def reconvene(request, pk):
    meeting = _managed_meeting(request, pk)
    return service_page(
        request,
        ReconveneForm(request.POST or None),
        lambda f: services.reconvene(acting_user=request.user, meeting=meeting, **f.cleaned_data),
        _("Seconde convocation envoyée."),
        _meeting_url,
        _("Seconde convocation — %s") % meeting,
        _meeting_url(meeting),
    )


def approve(request, pk):
    meeting = _managed_meeting(request, pk)
    return service_page(
        request,
        ApprovalForm(request.POST or None, meeting=meeting),
        lambda f: services.approve_minutes(
            acting_user=request.user, meeting=meeting, **f.cleaned_data
        ),
        _("Compte rendu approuvé."),
        _meeting_url(meeting),
        _("Approuver le compte rendu — %s") % meeting,
    )


def minutes_pdf(request, pk):
    meeting = meeting_or_404(request, pk)
    response = HttpResponse(exports.minutes_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="compte-rendu-{meeting.pk}.pdf"'
    return response


def meeting_ics(request, pk):
    meeting = meeting_or_404(request, pk)
    body = exports.meeting_ics(meeting, request.build_absolute_uri(_meeting_url(meeting)))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="reunion-{meeting.pk}.ics"'
    return response
