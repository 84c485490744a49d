"""The answers to the indices' criteria and the ARS questionnaire: pre-filled from Pilote's
evidence, confirmed or corrected by the respondent (a correction needs a justification),
verified by the national reviewer before publication (verified / to be corrected, with a
comment). One transaction per step, history recorded, rules in `perms.py`."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pilote.core.history import assign, save_with_history
from pilote.enquete import perms
from pilote.enquete.evidence import evidence_for
from pilote.enquete.methodology import criterion_met, level
from pilote.enquete.models import CriterionAnswer, Grid, Questionnaire, Review
from pilote.enquete.services import _require_open


def _require_filler(user, grid: Grid) -> None:
    if not perms.can_fill_grid(user, grid.region):
        raise PermissionDenied(
            _("Les grilles de la région %s sont remplies par son GRADeS.") % grid.region.name
        )


def _criteria(grid: Grid) -> dict:
    return {c["code"]: (i, c) for i, c in grid.campaign.methodology.criteria()}


@transaction.atomic
def prefill_criteria(*, acting_user, grid: Grid) -> list[CriterionAnswer]:
    """One answer per criterion of the grid's methodology, created the first time and filled
    from Pilote's evidence where it holds some (its source shown); an answer already confirmed
    by the respondent is left as it is."""
    _require_filler(acting_user, grid)
    _require_open(grid.campaign)
    existing = {a.criterion: a for a in grid.criteria.all()}
    answers = []
    for index, criterion in grid.campaign.methodology.criteria():
        answer = existing.get(criterion["code"]) or CriterionAnswer(
            grid=grid, index=index["code"], criterion=criterion["code"]
        )
        found = None if answer.confirmed else evidence_for(grid, criterion)
        if found is not None:
            met, subcriteria, source = found
            values = {
                "met": met if not criterion["subcriteria"] else None,
                "subcriteria": subcriteria,
                "prefilled": True,
                "source": source,
            }
            if assign(answer, values) or answer.pk is None:
                save_with_history(answer, acting_user=acting_user, reason=_("Pré-rempli"))
        elif answer.pk is None:
            save_with_history(answer, acting_user=acting_user, reason=_("Critère ouvert"))
        answers.append(answer)
    return answers


@transaction.atomic
def answer_criterion(
    *, acting_user, answer: CriterionAnswer, met=None, subcriteria=(), justification: str = ""
) -> CriterionAnswer:
    """The respondent confirms or corrects a criterion. Correcting what Pilote pre-filled
    needs a justification (a self-assessment is not taken on trust)."""
    answer = CriterionAnswer.objects.select_for_update().select_related("grid").get(pk=answer.pk)
    grid = answer.grid
    _require_filler(acting_user, grid)
    _require_open(grid.campaign)
    _index, criterion = _criteria(grid)[answer.criterion]
    allowed = {s["code"] for s in criterion["subcriteria"]}
    chosen = sorted(set(subcriteria))
    if set(chosen) - allowed:
        raise ValidationError({"subcriteria": _("Sous-critère inconnu pour ce critère.")})
    if criterion["subcriteria"]:
        met = None
    elif met is None:
        raise ValidationError({"met": _("Indiquez si le critère est rempli.")})
    justification = justification.strip()
    corrected = answer.prefilled and (met != answer.met or chosen != sorted(answer.subcriteria))
    if corrected and not justification:
        raise ValidationError(
            {
                "justification": _(
                    "Pilote a pré-rempli ce critère (%s) : justifiez votre correction."
                )
                % answer.source
            }
        )
    values = {"met": met, "subcriteria": chosen, "confirmed": True, "justification": justification}
    if answer.review == Review.TO_CORRECT:
        values["review"] = Review.PENDING
    if assign(answer, values):
        reason = _("Critère corrigé") if corrected else _("Critère confirmé")
        save_with_history(answer, acting_user=acting_user, reason=reason)
    return answer


def _check_review(acting_user, review: str, comment: str) -> str:
    if not perms.can_review_answers(acting_user):
        raise PermissionDenied(_("Les réponses sont vérifiées par le niveau national."))
    if review not in (Review.VERIFIED, Review.TO_CORRECT):
        raise ValidationError({"review": _("Choisissez « vérifié » ou « à corriger ».")})
    comment = comment.strip()
    if review == Review.TO_CORRECT and not comment:
        raise ValidationError({"review_comment": _("Dites ce qui est à corriger.")})
    return comment


@transaction.atomic
def review_criterion(
    *, acting_user, answer: CriterionAnswer, review: str, comment: str = ""
) -> CriterionAnswer:
    """The national reviewer verifies an answer, or sends it back to be corrected."""
    comment = _check_review(acting_user, review, comment)
    answer = CriterionAnswer.objects.select_for_update().get(pk=answer.pk)
    if assign(answer, {"review": review, "review_comment": comment}):
        save_with_history(answer, acting_user=acting_user, reason=Review(review).label)
    return answer


def index_levels(grid: Grid) -> list[dict]:
    """Each index of the grid: its criteria with their answers, how many are met, its level
    (1 low … 4 high) and whether every criterion is answered."""
    answers = {a.criterion: a for a in grid.criteria.all()}
    out = []
    for index in grid.campaign.methodology.definition["indices"]:
        rows, met_count, answered = [], 0, 0
        for criterion in index["criteria"]:
            answer = answers.get(criterion["code"])
            met = (
                criterion_met(criterion, set(answer.subcriteria), answer.met)
                if answer is not None
                else False
            )
            if answer is not None and (answer.confirmed or answer.prefilled):
                answered += 1
            met_count += met
            rows.append({"criterion": criterion, "answer": answer, "met": met})
        count = len(index["criteria"])
        out.append(
            {
                "index": index,
                "criteria": rows,
                "met": met_count,
                "count": count,
                "level": level(met_count, count),
                "complete": answered == count,
            }
        )
    return out


def _check_answers(definition: dict, answers: dict) -> dict:
    """The questionnaire's answers checked against the questions' scales; None = no answer."""
    clean, errors = {}, []
    for question in definition["questions"]:
        code = question["code"]
        value = answers.get(code)
        if value in (None, "", {}):
            continue
        if question["kind"] == "choice" and value not in question["choices"]:
            errors.append(_("%s : choisissez une des réponses proposées.") % code.upper())
        elif question["kind"] == "scale":
            try:
                value = int(value)
            except (TypeError, ValueError):
                value = None
            if value is None or not question["min"] <= value <= question["max"]:
                errors.append(
                    _("%(q)s : une note de %(a)d à %(b)d.")
                    % {"q": code.upper(), "a": question["min"], "b": question["max"]}
                )
        elif question["kind"] == "ranking":
            ranks = {k: int(v) for k, v in dict(value).items() if str(v).strip()}
            used = list(ranks.values())
            if any(not 1 <= r <= question["max_rank"] for r in used) or len(used) != len(set(used)):
                errors.append(
                    _("%(q)s : un rang de 1 à %(n)d, chacun une seule fois.")
                    % {"q": code.upper(), "n": question["max_rank"]}
                )
            value = ranks
        clean[code] = value
    unknown = set(answers) - {q["code"] for q in definition["questions"]}
    if unknown:
        errors.append(_("Question(s) inconnue(s) : %s") % ", ".join(sorted(unknown)))
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def answer_questionnaire(
    *, acting_user, campaign, region, answers: dict, submit: bool = False
) -> Questionnaire:
    """Save the ARS's answers (as it goes); `submit` transmits them, every question
    answered."""
    if not perms.can_answer_questionnaire(acting_user, region):
        raise PermissionDenied(_("Le questionnaire est rempli par l'ARS de la région."))
    campaign = _require_open(campaign)
    definition = campaign.methodology.definition
    clean = _check_answers(definition, answers)
    if submit:
        missing = [q["code"].upper() for q in definition["questions"] if q["code"] not in clean]
        if missing:
            raise ValidationError(
                _("Pour transmettre, répondez à toutes les questions (manquent : %s).")
                % ", ".join(missing)
            )
    questionnaire = Questionnaire.objects.filter(campaign=campaign).in_region(region).first()
    questionnaire = questionnaire or Questionnaire(campaign=campaign, region=region)
    values = {"answers": clean}
    if submit:
        values.update(submitted_at=timezone.now(), submitted_by=acting_user)
        if questionnaire.review == Review.TO_CORRECT:
            values["review"] = Review.PENDING
    if assign(questionnaire, values) or questionnaire.pk is None:
        reason = _("Questionnaire transmis") if submit else _("Questionnaire enregistré")
        save_with_history(questionnaire, acting_user=acting_user, reason=reason)
    return questionnaire


@transaction.atomic
def review_questionnaire(
    *, acting_user, questionnaire: Questionnaire, review: str, comment: str = ""
) -> Questionnaire:
    comment = _check_review(acting_user, review, comment)
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if assign(questionnaire, {"review": review, "review_comment": comment}):
        save_with_history(questionnaire, acting_user=acting_user, reason=Review(review).label)
    return questionnaire
