import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pilote.comptes.models import Role
from pilote.gouvernance import services
from pilote.gouvernance.models import Adhesion, Body, Charter, Seat
from tests.gouvernance.conftest import START, add_seats, make_body


def test_it_keeps_a_member_who_leaves_in_the_composition_before_they_left(cossis, officer):
    leaving = cossis.test_seats[0]
    services.end_seat(acting_user=officer, seat=leaving, ends_on=datetime.date(2026, 6, 30))
    newcomer = add_seats(officer, cossis, [leaving.organisation], datetime.date(2026, 7, 1))[0]
    seats = Seat.objects.filter(body=cossis)
    assert leaving in seats.active_on(datetime.date(2026, 6, 30))
    assert newcomer not in seats.active_on(datetime.date(2026, 6, 30))
    assert leaving not in seats.active_on(datetime.date(2026, 7, 1))
    assert newcomer in seats.active_on(datetime.date(2026, 7, 1))
    assert seats.active_on(datetime.date(2026, 7, 1)).count() == 6
    assert leaving.history.first().history_change_reason == "Fin de mandat"


def test_it_refuses_an_end_before_the_start_and_leaves_the_seat_unchanged(cossis, officer):
    seat = cossis.test_seats[0]
    with pytest.raises(ValidationError) as refused:
        services.end_seat(acting_user=officer, seat=seat, ends_on=START - datetime.timedelta(1))
    assert "précède son début" in str(refused.value)
    assert Seat.objects.get(pk=seat.pk).ends_on is None


def test_only_the_region_ars_officer_or_the_national_admin_manages_a_regional_body(world, cossis):
    for user in (
        world.bfc.users[Role.ARS_OFFICER],
        world.ara.users[Role.GRADES_MANAGER],
        world.ara.users[Role.ARS_READER],
        world.national_reader,
    ):
        with pytest.raises(PermissionDenied):
            add_seats(user, cossis, [world.ara.hospital])
    add_seats(world.national_admin, cossis, [world.ara.hospital])


def test_a_national_body_is_managed_by_the_national_admin_only(world):
    with pytest.raises(PermissionDenied):
        make_body(world.ara.users[Role.ARS_OFFICER], None, name="Comité stratégique")
    body = make_body(world.national_admin, None, name="Comité stratégique")
    assert body.region is None


def test_a_regional_body_is_a_404_to_another_region_unless_public(world, cossis):
    national = make_body(world.national_admin, None, name="Comité stratégique")
    bfc_user = world.bfc.users[Role.ARS_OFFICER]
    assert set(Body.objects.visible_to(bfc_user)) == {national}
    assert set(Body.objects.visible_to(world.ara.users[Role.BODY_MEMBER])) == {national, cossis}
    assert set(Body.objects.visible_to(world.national_reader)) == {national, cossis}
    assert not Seat.objects.visible_to(bfc_user).exists()
    cossis.is_public = True
    services.save_body(acting_user=world.ara.users[Role.ARS_OFFICER], body=cossis)
    assert cossis in Body.objects.visible_to(bfc_user)


def test_the_signatories_at_a_date_follow_adhesions_withdrawals_and_expiry(world, cossis, officer):
    charter = services.save_charter(
        acting_user=officer,
        charter=Charter(
            body=cossis,
            title="Charte e-santé ARA",
            version="1",
            adopted_on=datetime.date(2026, 1, 1),
        ),
    )
    signed = []
    for org in (world.ara.hospital, world.ara.grades):
        signed.append(
            services.record_adhesion(
                acting_user=officer,
                adhesion=Adhesion(
                    charter=charter,
                    organisation=org,
                    signatory="Mme Dupont",
                    signatory_function="Directrice",
                    signed_on=datetime.date(2026, 2, 1),
                ),
            )
        )
    assert signed[0].expires_on == datetime.date(2031, 2, 1)
    services.withdraw_adhesion(
        acting_user=officer,
        adhesion=signed[0],
        requested_on=datetime.date(2026, 5, 2),
        withdrawn_on=datetime.date(2026, 6, 1),
    )

    def signatories(day):
        return set(Adhesion.objects.in_force_on(day).values_list("organisation__name", flat=True))

    assert signatories(datetime.date(2026, 1, 31)) == set()
    assert signatories(datetime.date(2026, 5, 31)) == {
        world.ara.hospital.name,
        world.ara.grades.name,
    }
    assert signatories(datetime.date(2026, 6, 1)) == {world.ara.grades.name}
    assert signatories(datetime.date(2031, 2, 1)) == set()
    with pytest.raises(ValidationError):
        services.withdraw_adhesion(
            acting_user=officer,
            adhesion=signed[1],
            requested_on=datetime.date(2026, 5, 2),
            withdrawn_on=datetime.date(2026, 5, 1),
        )
    assert Adhesion.objects.get(pk=signed[1].pk).withdrawn_on is None
