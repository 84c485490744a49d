"""The "Historique" tab: before → after of each change, related objects named, few queries."""

from django.urls import reverse

from pilote.comptes.models import Role
from pilote.core.history_view import history_entries
from pilote.portefeuille import services


def test_the_history_tab_names_related_objects_in_a_bounded_number_of_queries(
    client, world, bfc_project, framework, django_assert_max_num_queries
):
    officer = world.bfc.users[Role.ARS_OFFICER]
    socle = list(framework.socle_services.order_by("code"))
    for i in range(20):
        services.update_project(
            acting_user=officer,
            project=bfc_project,
            values={"moa": world.bfc.grades if i % 2 else world.bfc.hospital},
            socle_services=socle[i % 4 : i % 4 + 2],
        )
    with django_assert_max_num_queries(8):
        entries = history_entries(bfc_project)
    moves = [c for e in entries for c in e.changes if c.label == "Maîtrise d'ouvrage (MOA)"]
    assert len(moves) == 19
    assert {(c.before, c.after) for c in moves} == {
        (str(world.bfc.hospital), str(world.bfc.grades)),
        (str(world.bfc.grades), str(world.bfc.hospital)),
    }
    latest_socle = next(c for e in entries for c in e.changes if c.label == "Services du socle")
    assert latest_socle.after == ", ".join(sorted(str(s) for s in bfc_project.socle_services.all()))
    client.force_login(officer)
    page = client.get(reverse("portefeuille:project_history", args=[bfc_project.pk]))
    assert f"{world.bfc.hospital} → {world.bfc.grades}" in page.content.decode()
