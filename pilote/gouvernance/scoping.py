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
