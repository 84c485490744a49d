"""The governance pages: bodies (composition at a date, charter and signatories, meetings,
decisions, open actions), seats and adhesions, the decision register, "Mes actions"."""

import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from pilote.comptes.scoping import readable_region_ids
from pilote.core.exports import XLSX_TYPE, dated
from pilote.core.history_view import history_entries
from pilote.core.pages import apply_service, file_download, form_page, run_service
from pilote.gouvernance import exports, perms, services
from pilote.gouvernance.forms import (
    ActionStatusForm,
    AdhesionForm,
    DirectorForm,
    EndSeatForm,
    SeatForm,
    WithdrawalForm,
)
from pilote.gouvernance.models import (
    Action,
    ActionStatus,
    Adhesion,
    Body,
    CalendarToken,
    Charter,
    Decision,
    Seat,
)
from pilote.gouvernance.pages import open_actions_of
from pilote.territoires.models import Territory


def _day(request) -> datetime.date:
    try:
        return datetime.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return datetime.date.today()


def body_or_404(request, pk) -> Body:
    return get_object_or_404(Body.objects.visible_to(request.user), pk=pk)


def managed(request, body) -> Body:
    """A page that changes `body`: 404 to whoever may not (the page is not offered to them)."""
    if not perms.can_manage_body(request.user, body):
        raise Http404
    return body


def index(request):
    bodies = (
        Body.objects.visible_to(request.user)
        .select_related("region")
        .order_by("region__name", "name")
    )
    readable = readable_region_ids(request.user)
    own_regions = (
        Territory.objects.current().ars_regions().filter(pk__in=readable).order_by("name")
        if readable is not None
        else []
    )
    return render(
        request,
        "gouvernance/index.html",
        {"title": _("Gouvernance"), "bodies": bodies, "own_regions": own_regions},
    )


def body_detail(request, pk):
    body = body_or_404(request, pk)
    day = _day(request)
    seats = Seat.objects.filter(body=body).select_related("organisation")
    charters = [
        (c, c.adhesions.in_force_on(day).select_related("organisation"), c.adhesions.all())
        for c in Charter.objects.filter(body=body)
    ]
    context = {
        "title": body.name,
        "body": body,
        "day": day,
        "seats": seats.active_on(day),
        "former": seats.filter(ends_on__lt=day),
        "charters": charters,
        "meetings": body.meetings.all(),
        "decisions": Decision.objects.filter(meeting__body=body).select_related(
            "meeting", "project"
        ),
        "actions": Action.objects.filter(meeting__body=body).open().select_related("owner"),
        "can_manage": perms.can_manage_body(request.user, body),
        "deliberative": body.kind in services.DELIBERATIVE,
        "appointments": body.director_appointments.all(),
        "entries": history_entries(body),
        **_feed_urls(request, body),
    }
    return render(request, "gouvernance/body_detail.html", context)


def _feed_urls(request, body) -> dict:
    token = CalendarToken.objects.filter(user=request.user).first()
    url = request.build_absolute_uri
    return {
        "public_feed_url": url(reverse("gouvernance:body_feed", args=[body.pk])),
        "feed_url": url(reverse("gouvernance:token_feed", args=[token.key, body.pk]))
        if token
        else "",
    }


def service_page(request, form, action, success, target, title, back=None):
    """A form page whose valid submission calls `action(form)` (a service) through
    `apply_service`; shown again with the refusal, or redirected to `target`."""
    if request.method == "POST" and form.is_valid():
        done = apply_service(request, form, lambda: action(form), success, target)
        if done:
            return done
    return form_page(request, form, title, back or (target if isinstance(target, str) else ""))


def _unsaved(form, **links):
    """The form's object, not saved yet, attached to its parent(s)."""
    obj = form.save(commit=False)
    for name, value in links.items():
        setattr(obj, name, value)
    return obj


def seat_add(request, pk):
    body = managed(request, body_or_404(request, pk))
    form = SeatForm(request.POST or None, user=request.user, body=body)
    return service_page(
        request,
        form,
        lambda f: services.save_seat(acting_user=request.user, seat=_unsaved(f, body=body)),
        _("Siège ajouté."),
        reverse("gouvernance:body", args=[pk]),
        _("Nouveau siège — %s") % body,
    )


def seat_end(request, pk):
    seat = get_object_or_404(Seat.objects.visible_to(request.user), pk=pk)
    managed(request, seat.body)
    return service_page(
        request,
        EndSeatForm(request.POST or None),
        lambda f: services.end_seat(acting_user=request.user, seat=seat, **f.cleaned_data),
        _("Fin de mandat enregistrée."),
        reverse("gouvernance:body", args=[seat.body_id]),
        _("Fin du mandat de %s") % seat,
    )


def adhesion_add(request, pk):
    charter = get_object_or_404(Charter.objects.visible_to(request.user), pk=pk)
    body = managed(request, charter.body)
    form = AdhesionForm(request.POST or None, request.FILES or None, user=request.user, body=body)
    return service_page(
        request,
        form,
        lambda f: services.record_adhesion(
            acting_user=request.user, adhesion=_unsaved(f, charter=charter)
        ),
        _("Adhésion enregistrée."),
        reverse("gouvernance:body", args=[body.pk]),
        _("Acte d'adhésion à %s") % charter,
    )


def adhesion_withdraw(request, pk):
    adhesion = get_object_or_404(Adhesion.objects.visible_to(request.user), pk=pk)
    body = managed(request, adhesion.charter.body)
    return service_page(
        request,
        WithdrawalForm(request.POST or None, request.FILES or None),
        lambda f: services.withdraw_adhesion(
            acting_user=request.user, adhesion=adhesion, **f.cleaned_data
        ),
        _("Retrait enregistré."),
        reverse("gouvernance:body", args=[body.pk]),
        _("Retrait de %s") % adhesion.organisation,
    )


def director_add(request, pk):
    body = managed(request, body_or_404(request, pk))
    return service_page(
        request,
        DirectorForm(request.POST or None, body=body),
        lambda f: services.record_director_decision(
            acting_user=request.user, appointment=_unsaved(f, body=body)
        ),
        _("Délibération sur la direction enregistrée."),
        reverse("gouvernance:body", args=[pk]),
        _("Nomination ou révocation du directeur — %s") % body,
    )


def adhesion_scan(request, pk):
    adhesion = get_object_or_404(Adhesion.objects.visible_to(request.user), pk=pk)
    return file_download(adhesion.scan)


def register(request, pk):
    body = body_or_404(request, pk)
    response = HttpResponse(exports.register_xlsx(body), content_type=XLSX_TYPE)
    name = dated(f"registre-decisions-{body.pk}")
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def my_actions(request):
    actions = open_actions_of(request.user)
    context = {"title": _("Mes actions"), "actions": actions, "statuses": ActionStatus}
    return render(request, "gouvernance/my_actions.html", context)


def action_update(request, pk):
    action = get_object_or_404(Action.objects.visible_to(request.user), pk=pk)
    if request.method != "POST" or not perms.can_update_action(request.user, action):
        raise Http404
    form = ActionStatusForm(request.POST, action=action)
    if form.is_valid():
        run_service(
            request,
            lambda: services.update_action(
                acting_user=request.user, action=action, **form.cleaned_data
            ),
            _("Action mise à jour."),
        )
    return _back(request, reverse("gouvernance:my_actions"))


def _back(request, default):
    from django.shortcuts import redirect
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = default
    return redirect(target)
