"""The indices' criteria of a grid (pre-fill from Pilote's evidence, confirm or correct,
national review) and the ARS questionnaire (answer, transmit, review)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pilote.comptes.access import access_for
from pilote.comptes.models import Role
from pilote.core.pages import apply_service, form_page, run_service
from pilote.enquete import perms, services_answers
from pilote.enquete.forms import CriterionForm, QuestionnaireForm, ReviewForm
from pilote.enquete.models import CriterionAnswer, Grid, Questionnaire
from pilote.enquete.views import campaign_or_404
from pilote.enquete.views_answers import grid_or_404
from pilote.territoires.models import Territory


@require_POST
def grid_prefill(request, pk):
    grid = grid_or_404(request, pk)
    if not perms.can_fill_grid(request.user, grid.region):
        raise Http404
    run_service(
        request,
        lambda: services_answers.prefill_criteria(acting_user=request.user, grid=grid),
        _("Critères pré-remplis à partir de ce que Pilote sait déjà."),
    )
    return redirect("enquete:grid", pk=grid.pk)


def _answer_or_404(request, pk) -> CriterionAnswer:
    if not perms.can_view_survey(request.user):
        raise Http404
    grids = Grid.objects.visible_to(request.user)
    return get_object_or_404(
        CriterionAnswer.objects.select_related("grid__campaign__methodology", "grid__region"),
        pk=pk,
        grid__in=grids,
    )


def criterion_edit(request, pk):
    answer = _answer_or_404(request, pk)
    grid = answer.grid
    if not perms.can_fill_grid(request.user, grid.region):
        raise Http404
    index, criterion = services_answers._criteria(grid)[answer.criterion]
    initial = {
        "met": "oui" if answer.met else "non" if answer.met is False else None,
        "subcriteria": answer.subcriteria,
        "justification": answer.justification,
    }
    form = CriterionForm(request.POST or None, initial=initial, criterion=criterion)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = apply_service(
            request,
            form,
            lambda: services_answers.answer_criterion(
                acting_user=request.user,
                answer=answer,
                met=data.get("met") if "met" in form.fields else None,
                subcriteria=data.get("subcriteria", []),
                justification=data["justification"],
            ),
            _("Critère enregistré."),
            reverse("enquete:grid", args=[grid.pk]),
        )
        if done:
            return done
    title = f"{index['label']} — {criterion['label']}"
    if answer.source:
        title += " " + _("(pré-rempli : %s)") % answer.source
    return form_page(request, form, title, reverse("enquete:grid", args=[grid.pk]))


def _review_page(request, obj, review, back: str):
    """The national reviewer's form: `review(review=…, comment=…)` runs the service."""
    if not perms.can_review_answers(request.user):
        raise Http404
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = apply_service(
            request,
            form,
            lambda: review(
                review=form.cleaned_data["review"], comment=form.cleaned_data["comment"]
            ),
            _("Vérification enregistrée."),
            back,
        )
        if done:
            return done
    return form_page(request, form, _("Vérifier — %s") % obj, back)


def criterion_review(request, pk):
    answer = _answer_or_404(request, pk)
    return _review_page(
        request,
        answer,
        lambda **kw: services_answers.review_criterion(
            acting_user=request.user, answer=answer, **kw
        ),
        reverse("enquete:grid", args=[answer.grid_id]),
    )


def _ars_region(request):
    ids = access_for(request.user).regions_by_role.get(Role.ARS_OFFICER, ())
    return Territory.objects.filter(pk__in=ids).order_by("code").first()


def questionnaire_answer(request, pk):
    """The ARS officer's questionnaire for the campaign (saved as it goes; transmitted when
    every question is answered)."""
    campaign = campaign_or_404(request, pk)
    region = _ars_region(request)
    if region is None:
        raise Http404
    existing = (
        Questionnaire.objects.visible_to(request.user)
        .filter(campaign=campaign)
        .in_region(region)
        .first()
    )
    questions = campaign.methodology.definition["questions"]
    initial = dict(existing.answers) if existing else {}
    for q in questions:
        if q["kind"] == "ranking":
            ranks = initial.pop(q["code"], {})
            for number, item in enumerate(q["items"]):
                initial[f"{q['code']}_{number}"] = ranks.get(item)
    form = QuestionnaireForm(request.POST or None, initial=initial, questions=questions)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        done = apply_service(
            request,
            form,
            lambda: services_answers.answer_questionnaire(
                acting_user=request.user,
                campaign=campaign,
                region=region,
                answers=form.answers(),
                submit=submit,
            ),
            _("Questionnaire transmis.") if submit else _("Questionnaire enregistré."),
            lambda q: reverse("enquete:questionnaire_detail", args=[q.pk]),
        )
        if done:
            return done
    context = {
        "title": _("Questionnaire de l'ARS — %(c)s — %(r)s") % {"c": campaign, "r": region},
        "campaign": campaign,
        "form": form,
        "questionnaire": existing,
    }
    return render(request, "enquete/questionnaire_edit.html", context)


def _questionnaire_or_404(request, pk) -> Questionnaire:
    if not perms.can_view_survey(request.user):
        raise Http404
    return get_object_or_404(
        Questionnaire.objects.visible_to(request.user).select_related(
            "campaign__methodology", "region"
        ),
        pk=pk,
    )


def questionnaire_detail(request, pk):
    questionnaire = _questionnaire_or_404(request, pk)
    rows = questionnaire.rows()
    context = {
        "title": str(questionnaire),
        "questionnaire": questionnaire,
        "rows": rows,
        "can_answer": questionnaire.campaign.is_open
        and perms.can_answer_questionnaire(request.user, questionnaire.region),
        "can_review": perms.can_review_answers(request.user),
    }
    return render(request, "enquete/questionnaire.html", context)


def questionnaire_review(request, pk):
    questionnaire = _questionnaire_or_404(request, pk)
    return _review_page(
        request,
        questionnaire,
        lambda **kw: services_answers.review_questionnaire(
            acting_user=request.user, questionnaire=questionnaire, **kw
        ),
        reverse("enquete:questionnaire_detail", args=[questionnaire.pk]),
    )
