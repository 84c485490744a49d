"""Region scoping: the one place where reads are narrowed to what a user may see.

Every business QuerySet that belongs to a region derives from `RegionScopedQuerySet` (or calls
`scope_q`), so a page, an API endpoint, an import or an export reads through
`Model.objects.visible_to(user)` and narrows to a region with `.in_region(region)`. Nothing else
filters on `region_ids` or on a business model's region: `tests/comptes/test_scoping_rule.py`
greps the code for it.

The rules (instruction of 2017: each ARS steers its region; non-public data stays regional):
- national roles (administrator, reader) read every region;
- regional roles read the regions of the organisations they belong to;
- what an establishment reports is read by its region's ARS and GRADeS and by the members of
  that establishment, not by the other establishments of the region (project owners).
"""

from django.db import models
from django.db.models import Q


def _access(user):
    from pilote.comptes.access import access_for

    return access_for(user)


def readable_region_ids(user) -> frozenset | None:
    """The ids of the regions `user` reads, or None when they read every region."""
    access = _access(user)
    return None if access.is_national else access.region_ids


def region_q(user, region_field: str = "region") -> Q | None:
    """The condition "in a region `user` reads", or None when the user reads every region."""
    ids = readable_region_ids(user)
    return None if ids is None else Q(**{f"{region_field}_id__in": ids})


def reporting_q(user, region_field: str = "region", organisation_field: str = "organisation"):
    """What a user reads of data reported by a region or by an establishment: a region's own
    data to every role of the region; an establishment's data to the region's roles other than
    project owners, and to that establishment's own members. None: everything."""
    from pilote.comptes.models import Role

    access = _access(user)
    if access.is_national:
        return None
    regional = {
        region_id
        for role, region_ids in access.regions_by_role.items()
        if role != Role.PROJECT_OWNER
        for region_id in region_ids
    }
    own = {pk for pks in access.organisations_by_role.values() for pk in pks}
    return (
        Q(**{f"{region_field}_id__in": access.region_ids, f"{organisation_field}__isnull": True})
        | Q(**{f"{region_field}_id__in": regional})
        | Q(**{f"{organisation_field}_id__in": own})
    )


def _narrow(queryset, condition):
    return queryset if condition is None else queryset.filter(condition)


class RegionScopedQuerySet(models.QuerySet):
    """A QuerySet of objects that belong to one region through `region_field`."""

    region_field = "region"

    def visible_to(self, user):
        """National roles read every region; regional roles their own region(s) only."""
        return _narrow(self, region_q(user, self.region_field))

    def in_region(self, region):
        """Objects of `region` (a Territory, its id, or None for no narrowing)."""
        if region is None:
            return self
        region_id = getattr(region, "pk", region)
        return self.filter(**{f"{self.region_field}_id": region_id})

    def in_regions(self, regions):
        """Objects of any of `regions` (Territories or ids)."""
        ids = [getattr(r, "pk", r) for r in regions]
        return self.filter(**{f"{self.region_field}_id__in": ids})


class CarriedQuerySet(RegionScopedQuerySet):
    """Objects of one region that may be carried with other regions through the many-to-many
    `carried_field` (projects: `other_regions`, filled by an accepted cooperation proposal or by
    the ARS on the project's form). A partner region reads the object and finds it in its own
    portfolio (`carried_in`); nothing else about the object changes for it (editing stays with
    the region that leads it)."""

    carried_field = "other_regions"

    def _carried_ids(self, region_ids):
        through = self.model._meta.get_field(self.carried_field).remote_field.through
        source = self.model._meta.model_name
        return through.objects.filter(territory_id__in=region_ids).values(f"{source}_id")

    def visible_to(self, user):
        """The user's region(s) and the objects carried with them; every one for national
        roles."""
        ids = readable_region_ids(user)
        if ids is None:
            return self
        return self.filter(
            Q(**{f"{self.region_field}_id__in": ids}) | Q(pk__in=self._carried_ids(ids))
        )

    def carried_in(self, region):
        """Objects of `region` and those it carries with another region (its portfolio);
        no narrowing for None."""
        if region is None:
            return self
        region_id = getattr(region, "pk", region)
        return self.filter(
            Q(**{f"{self.region_field}_id": region_id}) | Q(pk__in=self._carried_ids([region_id]))
        )


class SharedQuerySet(RegionScopedQuerySet):
    """Shared across regions (cooperation sheets): every logged-in account reads what is
    shared (`shared_field` true); a region's roles and the national ones also read the rest."""

    shared_field = "shared"

    def visible_to(self, user):
        access = _access(user)
        if access.is_national:
            return self
        if not access.roles:  # an anonymous visitor, an account without a role
            return self.none()
        ids = access.region_ids
        return self.filter(
            Q(**{self.shared_field: True}) | Q(**{f"{self.region_field}_id__in": ids})
        )


class InvitingQuerySet(RegionScopedQuerySet):
    """Addressed by one region to others (cooperation proposals): read by the region that
    sends it (`region_field`) and by the regions it invites (`invited_field`)."""

    invited_field = "invitations__region"

    def visible_to(self, user):
        access = _access(user)
        if access.is_national:
            return self
        if not access.roles:  # an anonymous visitor, an account without a role
            return self.none()
        ids = access.region_ids
        invited = self.filter(**{f"{self.invited_field}_id__in": ids}).values("pk")
        return self.filter(Q(**{f"{self.region_field}_id__in": ids}) | Q(pk__in=invited))


class ReportingQuerySet(RegionScopedQuerySet):
    """Data reported by a region or an establishment (indicator reports and their values)."""

    organisation_field = "organisation"

    def visible_to(self, user):
        return _narrow(self, reporting_q(user, self.region_field, self.organisation_field))


def role_region_q(user, roles, region_field: str = "region") -> Q | None:
    """The condition "in a region where `user` holds one of `roles`"; None for national roles."""
    access = _access(user)
    if access.is_national:
        return None
    ids = {region_id for role in roles for region_id in access.regions_by_role.get(role, ())}
    return Q(**{f"{region_field}_id__in": ids})


def narrowed_to_roles(queryset, user, roles):
    """`queryset` (region-scoped) narrowed to the regions where `user` holds one of `roles`;
    whole for the national roles."""
    return _narrow(queryset, role_region_q(user, roles, queryset.region_field))


class FundingQuerySet(RegionScopedQuerySet):
    """A region's funding (envelopes, what they are programmed to, committed and paid): read by
    national roles and by the region's ARS and GRADeS, not by the establishments' project
    owners or the members of bodies, who see what concerns them on their projects."""

    def visible_to(self, user):
        from pilote.comptes.models import Role

        roles = (Role.ARS_OFFICER, Role.ARS_READER, Role.GRADES_MANAGER)
        return narrowed_to_roles(self, user, roles)
