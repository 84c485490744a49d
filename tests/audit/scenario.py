"""The changes the audit tests search for."""

import datetime

from pilote.acteurs.services import update_organisation
from pilote.comptes.models import Role
from pilote.portefeuille.models import Milestone
from pilote.portefeuille.services import save_child, update_project


class Changes:
    """What the audit tests look for: the BFC ARS officer renames the BFC hospital and changes
    the BFC project (title and socle services); the ARA officer renames the ARA hospital."""

    def __init__(self, world, project, framework):
        self.bfc_officer = world.bfc.users[Role.ARS_OFFICER]
        self.ara_officer = world.ara.users[Role.ARS_OFFICER]
        self.hospital = world.bfc.hospital
        self.old_name = self.hospital.name
        update_organisation(
            acting_user=self.bfc_officer,
            organisation=self.hospital,
            values={"name": "CH Dijon Bourgogne"},
        )
        self.project = project
        update_project(
            acting_user=self.bfc_officer,
            project=project,
            values={"title": "Répertoire opérationnel BFC"},
            socle_services=[framework.socle_services.get(code="ROR")],
        )
        update_organisation(
            acting_user=self.ara_officer,
            organisation=world.ara.hospital,
            values={"name": "CH Lyon Sud"},
        )


def interleaved_changes(world, project, rounds: int, reason: str = "") -> None:
    """The BFC officer alternately changes the BFC hospital's phone and adds a milestone to
    `project`, `rounds` times: two historical tables whose rows interleave in time."""
    officer = world.bfc.users[Role.ARS_OFFICER]
    for i in range(rounds):
        update_organisation(
            acting_user=officer, organisation=world.bfc.hospital, values={"phone": f"03{i:08d}"}
        )
        save_child(
            acting_user=officer,
            project=project,
            child=Milestone(title=f"Jalon {i}", planned_on=datetime.date(2026, 6, 1)),
            reason=reason,
        )
