"""Demo survey data (fictitious figures, not the 2012 study's): a historical campaign over 2009
and 2011 with the former operators of Bourgogne, Franche-Comté, Auvergne and Rhône-Alpes
(imported through `import_survey`, so that the synthesis shows the roll-up onto today's
regions), and the open 2025 campaign over 2024 and 2025 with the three demo regions' GRADeS:
their 2024 grids transmitted, the 2025 grid of Bourgogne-Franche-Comté started (its criteria
pre-filled from the demo's CPOM and funding), the questionnaire of the ARS
Auvergne-Rhône-Alpes transmitted. The national administrator has verified the indices of the
2024 grid of Auvergne-Rhône-Alpes (the synthesis shows verified indices) and sent one answer of
Occitanie's back to be corrected. Runs after the contract demo. Idempotent."""

import datetime
from decimal import Decimal

from pilote.acteurs.demo import DEMO_DOMAIN, FORMER_OPERATORS, REGIONS
from pilote.acteurs.models import Organisation, OrganisationType
from pilote.comptes.access import SYSTEM
from pilote.comptes.models import Role, User
from pilote.enquete import services, services_answers
from pilote.enquete.imports import COLUMNS, import_survey
from pilote.enquete.models import Campaign, Review
from pilote.enquete.places import PlaceResolver
from pilote.territoires.models import Territory

HISTORY = "État des lieux 2011 (exemple)"
CURRENT = "Enquête annuelle 2025"
# fictitious ETP and budgets (k€) per former operator: 2009, then 2011
HISTORY_FIGURES = (
    (2.0, 450, 4.5, 900),
    (1.5, 300, 3.0, 650),
    (3.0, 500, 5.5, 1200),
    (6.0, 1500, 11.0, 3100),
)
# per demo region: 2024 ETP, operating and investment budgets (€), risk impacts
CURRENT_FIGURES = {
    "84": (28.0, Decimal("3400000"), Decimal("2100000"), 3),
    "27": (17.5, Decimal("1900000"), Decimal("1250000"), 2),
    "76": (24.0, Decimal("2600000"), Decimal("1900000"), 4),
}


def _history_file() -> bytes:
    lines = [";".join(COLUMNS)]
    operators = [op for code in ("27", "84") for op in FORMER_OPERATORS[code]]
    for (name, _form, departement), figures in zip(operators, HISTORY_FIGURES, strict=True):
        former = Territory.objects.departements().get(code=departement).former_parent
        etp_2009, budget_2009, etp_2011, budget_2011 = figures
        lines.append(f"2009;{former.code};{name};{etp_2009};;;{budget_2009 * 1000};")
        lines.append(f"2011;{former.code};{name};{etp_2011};;;{budget_2011 * 1000};")
    return "\n".join(lines).encode()


def _grades(spec) -> Organisation:
    """The region's GRADeS of today (not the former operators the demo also holds)."""
    region = Territory.objects.current().regions().get(code=spec.code)
    return Organisation.objects.in_region(region).get(
        type=OrganisationType.GRADES, name=spec.grades
    )


def load_survey_demo() -> None:
    if Campaign.objects.filter(name=CURRENT).exists():
        return
    outcome = import_survey(_history_file(), acting_user=SYSTEM, campaign_name=HISTORY)
    if not outcome.ok:
        raise ValueError([str(p) for p in outcome.problems])
    operators = {spec.code: _grades(spec) for spec in REGIONS}
    campaign = services.create_campaign(
        acting_user=SYSTEM,
        name=CURRENT,
        years=[2024, 2025],
        deadline=datetime.date.today() + datetime.timedelta(days=20),
        operators=list(operators.values()),
    )
    places = PlaceResolver()
    for code, operator in operators.items():
        etp, operating, investment, risk = CURRENT_FIGURES[code]
        grid, _status = services.save_grid(
            acting_user=SYSTEM,
            campaign=campaign,
            year=2024,
            place=places.resolve(code, 2024),
            operator_name=operator.name,
            operator=operator,
            values={
                "etp_total": Decimal(str(etp)),
                "budget_operating": operating,
                "budget_investment": investment,
                "legal_form": operator.get_legal_form_display(),
            },
            figures={
                "etp.direction": Decimal("1"),
                "financement.ars.structure": operating,
                "financement.agence_nationale.projets": investment / 2,
                "financement.membres.structure": Decimal("150000"),
                "risque.financier": Decimal(risk),
                "risque.humain": Decimal(max(1, risk - 1)),
            },
        )
        services_answers.prefill_criteria(acting_user=SYSTEM, grid=grid)
        services.submit_grid(acting_user=SYSTEM, grid=grid)
    bfc = operators["27"]
    grid, _status = services.save_grid(
        acting_user=SYSTEM,
        campaign=campaign,
        year=2025,
        place=places.resolve("27", 2025),
        operator_name=bfc.name,
        operator=bfc,
        values={},
    )
    services_answers.prefill_criteria(acting_user=SYSTEM, grid=grid)
    _ars_answers(campaign, operators["84"].region)
    _national_review(campaign)


def _national_review(campaign: Campaign) -> None:
    """The national administrator verifies every answer of the 2024 grid of
    Auvergne-Rhône-Alpes, and sends one of Occitanie's back with a comment."""
    reviewer = User.objects.filter(email=f"admin-national@{DEMO_DOMAIN}").first()
    if reviewer is None:
        return
    grids = {g.region.code: g for g in campaign.grids.filter(year=2024).select_related("region")}
    if "84" in grids:
        for answer in grids["84"].criteria.order_by("pk"):
            services_answers.review_criterion(
                acting_user=reviewer, answer=answer, review=Review.VERIFIED
            )
    first = grids["76"].criteria.order_by("pk").first() if "76" in grids else None
    if first is not None:
        services_answers.review_criterion(
            acting_user=reviewer,
            answer=first,
            review=Review.TO_CORRECT,
            comment="Joindre la pièce justificative (délibération de l'assemblée générale).",
        )


def _ars_answers(campaign: Campaign, region) -> None:
    """The ARS Auvergne-Rhône-Alpes has answered; the national system enters it for the demo
    as the officer would (the questionnaire's rule lets only the region's ARS answer)."""
    officer = (
        User.objects.filter(
            memberships__role=Role.ARS_OFFICER,
            memberships__organisation__in=Organisation.objects.in_region(region),
        )
        .order_by("pk")
        .first()
    )
    if officer is None:
        return
    items = campaign.methodology.definition["questions"][7]["items"]
    services_answers.answer_questionnaire(
        acting_user=officer,
        campaign=campaign,
        region=region,
        answers={
            "q1": "Oui dès 2012",
            "q2": "Plutôt",
            "q3": "Oui",
            "q4": "Oui",
            "q5": "Oui",
            "q6": 4,
            "q7": "Très cohérent",
            "q8": {items[0]: 1, items[3]: 2, items[2]: 3, items[1]: 4, items[4]: 5},
            "q9": 4,
        },
        submit=True,
    )
