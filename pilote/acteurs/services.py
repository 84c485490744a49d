"""Write path for organisations and people: one transaction, a rule check, a history row."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pilote.acteurs import perms
from pilote.acteurs.models import Function, Organisation, Person
from pilote.core.history import assign, save_with_history

EDITABLE_FIELDS = (
    "name",
    "long_name",
    "short_name",
    "type",
    "legal_form",
    "finess_et",
    "finess_ej",
    "siret",
    "siren",
    "address",
    "address_complement",
    "postcode",
    "city",
    "departement",
    "phone",
    "email",
    "website",
    "is_active",
)


def _check_departement(values: dict) -> None:
    departement = values.get("departement")
    if departement is not None:
        values["region"] = departement.parent


@transaction.atomic
def create_organisation(*, acting_user, region, **values) -> Organisation:
    if not perms.can_create_organisation(acting_user, region):
        raise PermissionDenied(_("Vous ne pouvez pas créer de structure dans cette région."))
    values.setdefault("region", region)
    _check_departement(values)
    if values.get("region") != region:
        raise ValidationError(_("Le département choisi n'est pas dans la région %s.") % region)
    organisation = Organisation(**values)
    organisation.full_clean()
    save_with_history(organisation, acting_user=acting_user, reason=_("Création"))
    return organisation


@transaction.atomic
def update_organisation(*, acting_user, organisation: Organisation, values: dict) -> dict:
    """Apply `values`; return {field: (before, after)}. Region follows the département; the
    region, département and type change only as `perms.can_relocate_organisation` allows."""
    if not perms.can_edit_organisation(acting_user, organisation):
        raise PermissionDenied(_("Vous ne pouvez pas modifier cette structure."))
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    values = dict(values)
    _check_departement(values)
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    may_relocate = perms.can_relocate_organisation(acting_user, locked)
    changes = assign(locked, values)
    if not changes:
        return {}
    if perms.RELOCATING_FIELDS & changes.keys() and not may_relocate:
        raise PermissionDenied(
            _(
                "Le type, le département et la région d'une structure sont modifiés par l'ARS "
                "de sa région ou le niveau national, pas par ses membres."
            )
        )
    locked.full_clean()
    save_with_history(locked, acting_user=acting_user, reason=_("Modification"))
    assign(organisation, values)
    return changes


@transaction.atomic
def add_function(
    *, acting_user, person: Person, organisation: Organisation, title: str, **extra
) -> Function:
    if not perms.can_edit_organisation(acting_user, organisation):
        raise PermissionDenied(_("Vous ne pouvez pas modifier cette structure."))
    function = Function(person=person, organisation=organisation, title=title, **extra)
    function.full_clean()
    save_with_history(function, acting_user=acting_user, reason=_("Création"))
    return function


@transaction.atomic
def create_person(*, acting_user, **values) -> Person:
    person = Person(**values)
    person.full_clean()
    save_with_history(person, acting_user=acting_user, reason=_("Création"))
    return person


@transaction.atomic
def add_person_with_function(
    *, acting_user, organisation: Organisation, person_values: dict, title: str, started_on=None
) -> Function:
    """A person joins an organisation with a function. A person of the same region with the
    same e-mail is the same person (one person may hold functions in several organisations of
    the region); a person of another region is never matched: their name and functions stay
    in their region."""
    if not perms.can_edit_organisation(acting_user, organisation):
        raise PermissionDenied(_("Vous ne pouvez pas modifier cette structure."))
    email = (person_values.get("email") or "").strip().lower()
    person = (
        Person.objects.visible_to(acting_user)
        .in_region(organisation.region_id)
        .filter(email=email)
        .first()
        if email
        else None
    )
    if person is None:
        person = create_person(acting_user=acting_user, **{**person_values, "email": email})
    return add_function(
        acting_user=acting_user,
        person=person,
        organisation=organisation,
        title=title,
        started_on=started_on,
    )


@transaction.atomic
def end_function(*, acting_user, function: Function, ended_on=None) -> Function:
    if not perms.can_edit_organisation(acting_user, function.organisation):
        raise PermissionDenied(_("Vous ne pouvez pas modifier cette structure."))
    function.ended_on = ended_on or timezone.localdate()
    function.full_clean()
    save_with_history(function, acting_user=acting_user, reason=_("Fin de fonction"))
    return function
