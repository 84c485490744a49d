"""Who reads a body and what belongs to it (seats, charters, meetings, decisions, actions).

Instruction of 2017 and the Auvergne-Rhône-Alpes charter: national committees concern every
region; a regional body's work stays in its region unless it is marked public. So: national
bodies (no region) and public bodies are read by everyone logged in; a region's other bodies by
the roles of that region and by national roles. Built on `comptes.scoping.region_q`, the one
place that narrows by region."""

from django.db.models import Q

from pilote.comptes.access import access_for
from pilote.comptes.scoping import RegionScopedQuerySet, region_q


class BodyScopedQuerySet(RegionScopedQuerySet):
    """Objects that belong to a body through `body_path` ("" for the body itself)."""

    body_path = ""

    @property
    def region_field(self):
        return f"{self.body_path}region"

    def visible_to(self, user):
        access = access_for(user)
        if access.is_national:
            return self
        if not access.roles:
            return self.none()
        path = self.body_path
        return self.filter(
            Q(**{f"{path}region__isnull": True})
            | Q(**{f"{path}is_public": True})
            | region_q(user, f"{path}region")
        )


class ReferralQuerySet(RegionScopedQuerySet):
    """Who reads an ethics referral: its requester and the members of the organisation it was
    made for; the ARS of the committee's region (the COSSIS secretariat: officers and
    readers); once forwarded, the members of the committee's secretariat; national roles."""

    region_field = "committee__region"

    def visible_to(self, user):
        from pilote.comptes.models import Role
        from pilote.gouvernance.models import Body

        access = access_for(user)
        if access.is_national:
            return self
        if not access.roles:
            return self.none()
        own = {pk for pks in access.organisations_by_role.values() for pk in pks}
        ars_regions = set(access.regions_by_role.get(Role.ARS_OFFICER, ())) | set(
            access.regions_by_role.get(Role.ARS_READER, ())
        )
        return self.filter(
            Q(requester=user.pk)
            | Q(requester_organisation__in=own)
            | Q(committee__in=Body.objects.in_regions(ars_regions))
            | Q(committee__secretariat__in=own, status__in=("transmise", "avis_rendu"))
        )
