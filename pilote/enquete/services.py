"""Every change to the survey: one function per step, one transaction, the rule checked
(`perms.py`), history recorded.

A campaign runs the methodology version it was created with; creating it freezes that version
(a later change to the questions or criteria is a new version, `new_methodology`). A grid is
one operator's figures for one year; the budget rule: the total is the sum of operating and
investment budgets when all three are given, the sum itself when only the two parts are."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from pilote.acteurs.models import Organisation
from pilote.comptes.access import access_for
from pilote.comptes.models import Role
from pilote.core.formats import euros
from pilote.core.history import assign, attribute, save_with_history
from pilote.enquete import perms
from pilote.enquete.evidence import portfolio_counts
from pilote.enquete.methodology import FIRST_DEFINITION
from pilote.enquete.models import Campaign, CampaignStatus, Grid, GridFigure, Methodology
from pilote.enquete.places import Place, PlaceResolver
from pilote.enquete.signals import campaign_invited

GRID_FIELDS = (
    "etp_total",
    "budget_operating",
    "budget_investment",
    "budget_total",
    "population_reference",
    "creation_date",
    "legal_form",
    "predecessors",
    "colleges",
    "bodies",
    "levers",
)


def _require_manager(user) -> None:
    if not perms.can_manage_campaigns(user):
        raise PermissionDenied(_("Les campagnes d'enquête sont gérées au niveau national."))


@transaction.atomic
def methodology_in_force(*, acting_user) -> Methodology:
    """The latest methodology version; version 1 (annexes 5.2 and 5.3 of the 2012 study) is
    created the first time."""
    latest = Methodology.objects.order_by("-version").first()
    if latest is not None:
        return latest
    _require_manager(acting_user)
    methodology = Methodology(
        version=1,
        label=_("Étude des maîtrises d'ouvrage régionales 2012"),
        definition=FIRST_DEFINITION,
    )
    save_with_history(methodology, acting_user=acting_user, reason=_("Version initiale"))
    return methodology


@transaction.atomic
def new_methodology(*, acting_user, label: str, definition: dict) -> Methodology:
    """A new version of the methodology: the versions already used by a campaign never
    change."""
    _require_manager(acting_user)
    last = Methodology.objects.aggregate(n=Max("version"))["n"] or 0
    methodology = Methodology(version=last + 1, label=label.strip(), definition=definition)
    save_with_history(methodology, acting_user=acting_user, reason=_("Nouvelle version"))
    return methodology


def _clean_years(years) -> list[int]:
    try:
        cleaned = sorted({int(y) for y in years})
    except (TypeError, ValueError) as exc:
        raise ValidationError({"years": _("Les années de référence sont des nombres.")}) from exc
    if not cleaned:
        raise ValidationError({"years": _("Indiquez au moins une année de référence.")})
    if any(y < 2000 or y > 2100 for y in cleaned):
        raise ValidationError({"years": _("Une année de référence est entre 2000 et 2100.")})
    return cleaned


@transaction.atomic
def create_campaign(
    *,
    acting_user,
    name: str,
    years,
    deadline: datetime.date | None = None,
    operators=(),
    methodology: Methodology | None = None,
) -> Campaign:
    """A campaign over one or several reference years; its methodology (the version in force
    by default) is frozen from now on."""
    _require_manager(acting_user)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Nommez la campagne.")})
    if Campaign.objects.filter(name=name).exists():
        raise ValidationError({"name": _("Une campagne porte déjà ce nom.")})
    methodology = methodology or methodology_in_force(acting_user=acting_user)
    if not methodology.frozen:
        methodology.frozen = True
        save_with_history(
            methodology, acting_user=acting_user, reason=_("Figée par la campagne %s") % name
        )
    campaign = Campaign(
        name=name, years=_clean_years(years), methodology=methodology, deadline=deadline
    )
    save_with_history(campaign, acting_user=acting_user, reason=_("Campagne créée"))
    if operators:
        attribute(campaign, acting_user)
        campaign.operators.set(operators)
    return campaign


@transaction.atomic
def set_campaign_status(*, acting_user, campaign: Campaign, status: str) -> Campaign:
    """Close a campaign (answers no longer change) or reopen it."""
    _require_manager(acting_user)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if status not in CampaignStatus.values:
        raise ValidationError(_("État de campagne inconnu : %s") % status)
    if campaign.status != status:
        campaign.status = status
        reason = _("Campagne close") if status == CampaignStatus.CLOSED else _("Campagne rouverte")
        save_with_history(campaign, acting_user=acting_user, reason=reason)
        if status == CampaignStatus.CLOSED:
            _freeze_portfolios(campaign, acting_user)
    return campaign


@transaction.atomic
def invite(*, acting_user, campaign: Campaign) -> Campaign:
    """Invite the operators surveyed (their GRADeS managers) and their regions' ARS officers
    by e-mail (`signals.campaign_invited`); the reminders follow before the deadline
    (`pilote send_reminders`). Sending again re-sends the invitations."""
    _require_manager(acting_user)
    campaign = _require_open(campaign)
    campaign.invited_at = timezone.now()
    save_with_history(campaign, acting_user=acting_user, reason=_("Invitations envoyées"))
    campaign_invited.send(sender=Campaign, campaign=campaign, acting_user=acting_user)
    return campaign


def _require_open(campaign: Campaign) -> Campaign:
    """The campaign as it is in the database (locked until the end of the transaction, so a
    closing waits for the answers being saved), refused when closed."""
    campaign = (
        Campaign.objects.select_for_update().select_related("methodology").get(pk=campaign.pk)
    )
    if not campaign.is_open:
        raise ValidationError(
            _("La campagne %s est close : ses réponses ne changent plus.") % campaign.name
        )
    return campaign


def check_budget(values: dict) -> dict:
    """The budget rule on a grid's values: with the operating and investment budgets given,
    the total is their sum (typed: it must equal it; left empty: it is computed). Returns the
    values with the total completed."""
    operating = values.get("budget_operating")
    investment = values.get("budget_investment")
    total = values.get("budget_total")
    if operating is None or investment is None:
        return values
    expected = operating + investment
    if total is None:
        return {**values, "budget_total": expected}
    if total != expected:
        raise ValidationError(
            {
                "budget_total": _(
                    "le budget total (%(t)s) doit être égal à la somme du fonctionnement et de "
                    "l'investissement (%(s)s)"
                )
                % {"t": euros(total), "s": euros(expected)}
            }
        )
    return values


def _check_figures(campaign: Campaign, figures: dict) -> dict:
    keys = {f["key"] for f in campaign.methodology.definition["figures"]}
    unknown = sorted(set(figures) - keys)
    if unknown:
        raise ValidationError(_("Rubrique(s) inconnue(s) : %s") % ", ".join(unknown))
    for key, value in figures.items():
        if value is not None and value < 0:
            raise ValidationError(_("La rubrique %s ne peut pas être négative.") % key)
        if key.startswith("risque.") and value is not None and value not in range(1, 5):
            raise ValidationError(_("L'impact d'un risque va de 1 (faible) à 4 (très fort)."))
    return figures


def _save_figures(grid: Grid, figures: dict, acting_user) -> bool:
    """Write the detailed figures given (None deletes one: unknown); True if any changed."""
    changed = False
    existing = {f.key: f for f in grid.figures.all()}
    for key, value in figures.items():
        figure = existing.get(key)
        if value is None:
            if figure is not None:
                attribute(figure, acting_user)
                figure.delete()
                changed = True
        elif figure is None:
            save_with_history(GridFigure(grid=grid, key=key, value=value), acting_user=acting_user)
            changed = True
        elif figure.value != value:
            figure.value = value
            save_with_history(figure, acting_user=acting_user)
            changed = True
    return changed


def _validate(grid: Grid) -> None:
    try:
        grid.full_clean(exclude=["campaign", "region", "territory", "ars_area", "operator"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc


@transaction.atomic
def save_grid(
    *,
    acting_user,
    campaign: Campaign,
    year: int,
    place: Place,
    operator_name: str,
    values: dict,
    operator=None,
    figures: dict | None = None,
) -> tuple[Grid, str]:
    """Create or update the grid of (campaign, year, territory, operator) — idempotent: the
    same values change nothing. Returns the grid and "created", "updated" or "unchanged"."""
    if not perms.can_fill_grid(acting_user, place.region):
        raise PermissionDenied(
            _("Les grilles de la région %s sont remplies par son GRADeS.") % place.region.name
        )
    campaign = _require_open(campaign)
    if year not in campaign.years:
        raise ValidationError(
            {
                "year": _("la campagne %(c)s porte sur %(y)s")
                % {"c": campaign.name, "y": campaign.years_label}
            }
        )
    operator_name = operator_name.strip()
    if not operator_name:
        raise ValidationError({"operator_name": _("nom de l'opérateur manquant")})
    unknown = set(values) - set(GRID_FIELDS)
    if unknown:
        raise ValueError(f"unknown grid fields: {sorted(unknown)}")
    values = check_budget(values)
    figures = _check_figures(campaign, figures or {})
    grid = (
        Grid.objects.select_for_update()
        .filter(campaign=campaign, year=year, place_code=place.code, operator_name=operator_name)
        .first()
    )
    location = {
        "territory": place.territory,
        "ars_area": place.ars_area,
        "region": place.region,
        "operator": operator,
    }
    if grid is None:
        grid = Grid(
            campaign=campaign,
            year=year,
            place_code=place.code,
            operator_name=operator_name,
            **location,
            **values,
        )
        _validate(grid)
        save_with_history(grid, acting_user=acting_user, reason=_("Grille créée"))
        _save_figures(grid, figures, acting_user)
        return grid, "created"
    changes = assign(grid, {**location, **values})
    if changes:
        _validate(grid)
        save_with_history(grid, acting_user=acting_user, reason=_("Grille modifiée"))
    figures_changed = _save_figures(grid, figures, acting_user)
    return grid, "updated" if changes or figures_changed else "unchanged"


@transaction.atomic
def update_grid(*, acting_user, grid: Grid, values: dict, figures: dict | None = None) -> Grid:
    """Online filling: save what the operator typed (unknown stays empty)."""
    if not perms.can_fill_grid(acting_user, grid.region):
        raise PermissionDenied(
            _("Les grilles de la région %s sont remplies par son GRADeS.") % grid.region.name
        )
    grid = Grid.objects.select_for_update().get(pk=grid.pk)
    grid.campaign = _require_open(grid.campaign)
    merged = {f: getattr(grid, f) for f in GRID_FIELDS}
    merged.update(values)
    if "budget_total" not in values and {"budget_operating", "budget_investment"} & set(values):
        merged["budget_total"] = None  # recomputed from the parts
    merged = check_budget(merged)
    figures = _check_figures(grid.campaign, figures or {})
    if assign(grid, merged):
        _validate(grid)
        save_with_history(grid, acting_user=acting_user, reason=_("Grille modifiée"))
    _save_figures(grid, figures, acting_user)
    return grid


@transaction.atomic
def submit_grid(*, acting_user, grid: Grid) -> Grid:
    """The operator transmits its grid to the national level (it may still correct it while
    the campaign is open)."""
    if not perms.can_fill_grid(acting_user, grid.region):
        raise PermissionDenied(
            _("Les grilles de la région %s sont remplies par son GRADeS.") % grid.region.name
        )
    grid = Grid.objects.select_for_update().get(pk=grid.pk)
    grid.campaign = _require_open(grid.campaign)
    grid.submitted_at = timezone.now()
    _read_portfolio(grid)
    save_with_history(grid, acting_user=acting_user, reason=_("Grille transmise"))
    return grid


def _read_portfolio(grid: Grid) -> None:
    """Store in the grid its operator's portfolio counts as they are now (a past year's grid
    keeps them when projects change later)."""
    if grid.operator_id is not None:
        grid.portfolio = portfolio_counts(grid)
        grid.portfolio_read_at = timezone.now()


def _freeze_portfolios(campaign: Campaign, acting_user) -> None:
    """On closing, the grids not sent yet get their portfolio counts stored too."""
    grids = Grid.objects.select_for_update().filter(
        campaign=campaign, operator__isnull=False, portfolio_read_at__isnull=True
    )
    for grid in grids:
        _read_portfolio(grid)
        save_with_history(grid, acting_user=acting_user, reason=_("Portefeuille relevé"))


@transaction.atomic
def start_grid(*, acting_user, campaign: Campaign, year: int) -> Grid:
    """The grid of the acting GRADeS manager's organisation for `year`, created empty the first
    time, on the region of that year (today's region for a year since 2016)."""
    ids = access_for(acting_user).organisations_by_role.get(Role.GRADES_MANAGER, ())
    operator = Organisation.objects.filter(pk__in=ids).select_related("region").first()
    if operator is None:
        raise PermissionDenied(_("Seul le responsable d'un GRADeS remplit une grille."))
    existing = Grid.objects.filter(campaign=campaign, year=year, operator=operator).first()
    if existing is not None:
        return existing
    place = PlaceResolver().resolve(operator.region.code, year)
    if place is None:
        raise ValidationError(
            _("La région %(r)s n'existait pas en %(y)d : la grille de cette année s'importe.")
            % {"r": operator.region.name, "y": year}
        )
    grid, _status = save_grid(
        acting_user=acting_user,
        campaign=campaign,
        year=year,
        place=place,
        operator_name=operator.name,
        operator=operator,
        values={},
    )
    from pilote.enquete.services_answers import prefill_criteria

    prefill_criteria(acting_user=acting_user, grid=grid)
    return grid
