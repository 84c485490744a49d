"""Ethics referrals: submitted by a requester, forwarded or declared inadmissible by the COSSIS
secretariat (the ARS), answered by the committee's secretariat; each step dated, shown to the
requester and e-mailed; every refusal; who reads what."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from pilote.comptes.models import Role
from pilote.gouvernance import services
from pilote.gouvernance.models import Body, BodyKind, EthicsReferral, ReferralStatus, Scope
from pilote.gouvernance.services_referrals import (
    forward_referral,
    give_opinion,
    reject_referral,
    submit_referral,
)
from tests.gouvernance.conftest import referral_readers


@pytest.fixture(autouse=True)
def _send_at_once(immediate_tasks):
    """The e-mails are a task enqueued at the commit: run at once here."""


def ask(world, committee, capture, organisation=True) -> EthicsReferral:
    owner = world.ara.users[Role.PROJECT_OWNER]
    with capture(execute=True):
        return submit_referral(
            acting_user=owner,
            referral=EthicsReferral(
                committee=committee,
                requester_organisation=world.ara.hospital if organisation else None,
                title="Consentement en télésurveillance",
                question="Faut-il un consentement écrit du patient ?",
            ),
        )


def test_a_referral_goes_from_the_requester_to_the_secretariat_to_the_committee(
    world, committee, officer, django_capture_on_commit_callbacks
):
    owner = world.ara.users[Role.PROJECT_OWNER]
    secretary = world.ara.users[Role.GRADES_MANAGER]
    referral = ask(world, committee, django_capture_on_commit_callbacks)
    assert referral.status == ReferralStatus.SUBMITTED and referral.submitted_at
    assert [m.to for m in mail.outbox] == [[officer.email]]  # the COSSIS secretariat
    assert f"/gouvernance/saisines/{referral.pk}/" in mail.outbox[0].body
    # before it is forwarded, the committee's secretariat does not see it
    assert not EthicsReferral.objects.visible_to(secretary).exists()
    with django_capture_on_commit_callbacks(execute=True):
        forward_referral(acting_user=officer, referral=referral, note="Recevable.")
    assert referral.status == ReferralStatus.FORWARDED
    assert referral.screened_at and referral.screened_by == officer
    to = sorted(m.to[0] for m in mail.outbox[1:])
    # the requester, and the committee's secretariat (GRADeS manager and body member)
    assert to == sorted([owner.email, secretary.email, world.ara.users[Role.BODY_MEMBER].email])
    assert EthicsReferral.objects.visible_to(secretary).get() == referral
    with django_capture_on_commit_callbacks(execute=True):
        give_opinion(acting_user=secretary, referral=referral, opinion="Un consentement écrit.")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ANSWERED and referral.answered_at
    last = mail.outbox[-1]
    assert last.to == [owner.email] and "Un consentement écrit." in last.body
    assert [h.history_change_reason for h in referral.history.order_by("history_date")] == [
        "Saisine",
        "Transmission au comité",
        "Avis du comité",
    ]


def test_the_requester_sees_each_dated_step(client, world, committee, officer):
    owner = world.ara.users[Role.PROJECT_OWNER]
    referral = submit_referral(
        acting_user=owner,
        referral=EthicsReferral(committee=committee, title="Question", question="Texte"),
    )
    reject_referral(acting_user=officer, referral=referral, note="Hors du champ du comité.")
    client.force_login(owner)
    page = client.get(reverse("gouvernance:referral", args=[referral.pk])).content.decode()
    day = timezone.localtime(referral.submitted_at).strftime("%d/%m/%Y")
    assert f"Soumise au secrétariat du COSSIS le {day}" in page
    assert "Déclarée irrecevable le" in page and "Hors du champ du comité." in page
    assert "à titre personnel" in page
    listing = client.get(reverse("gouvernance:referrals")).content.decode()
    assert "Déclarée irrecevable" in listing


def test_each_refusal_leaves_the_referral_unchanged(
    world, committee, officer, django_capture_on_commit_callbacks
):
    owner = world.ara.users[Role.PROJECT_OWNER]
    secretary = world.ara.users[Role.GRADES_MANAGER]
    # readers and the other region's accounts do not submit
    for user in (world.ara.users[Role.ARS_READER], world.bfc.users[Role.ARS_OFFICER]):
        with pytest.raises(PermissionDenied):
            submit_referral(
                acting_user=user,
                referral=EthicsReferral(committee=committee, title="Q", question="Q"),
            )
    # on behalf of an organisation where the requester holds no role
    with pytest.raises(ValidationError, match="structure où vous avez un rôle"):
        submit_referral(
            acting_user=owner,
            referral=EthicsReferral(
                committee=committee,
                requester_organisation=world.ara.grades,
                title="Q",
                question="Q",
            ),
        )
    # to a body that is not an ethics committee
    cossis = services.save_body(
        acting_user=officer,
        body=Body(name="COSSIS", kind=BodyKind.COSSIS, scope=Scope.REGION, region=world.ara.region),
    )
    with pytest.raises(ValidationError, match="n'est pas un comité d'éthique"):
        submit_referral(
            acting_user=owner, referral=EthicsReferral(committee=cossis, title="Q", question="Q")
        )
    referral = ask(world, committee, django_capture_on_commit_callbacks)
    # only the COSSIS secretariat screens; the committee answers only a forwarded referral
    for user in (owner, secretary, world.ara.users[Role.ARS_READER]):
        with pytest.raises(PermissionDenied):
            forward_referral(acting_user=user, referral=referral)
    with pytest.raises(ValidationError, match="« soumise au secrétariat du cossis »"):
        give_opinion(acting_user=secretary, referral=referral, opinion="Trop tôt")
    with pytest.raises(ValidationError, match="pourquoi"):
        reject_referral(acting_user=officer, referral=referral, note="  ")
    with pytest.raises(PermissionDenied):
        give_opinion(acting_user=officer, referral=referral, opinion="L'ARS ne rend pas l'avis")
    forward_referral(acting_user=officer, referral=referral)
    with pytest.raises(ValidationError, match="n'est plus possible"):
        reject_referral(acting_user=officer, referral=referral, note="Trop tard")
    with pytest.raises(ValidationError, match="vide"):
        give_opinion(acting_user=secretary, referral=referral, opinion="")
    with pytest.raises(PermissionDenied):
        give_opinion(acting_user=owner, referral=referral, opinion="Mon propre avis")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.FORWARDED and referral.opinion == ""
    assert EthicsReferral.objects.count() == 1


def test_who_reads_a_referral(client, world, committee, django_capture_on_commit_callbacks):
    referral = ask(world, committee, django_capture_on_commit_callbacks)
    url = reverse("gouvernance:referral", args=[referral.pk])
    for user, status in referral_readers(world).items():
        client.force_login(user)
        assert client.get(url).status_code == status, user
    # the forms of the steps: 404 to whoever may not take them
    client.force_login(world.ara.users[Role.ARS_READER])
    assert (
        client.get(reverse("gouvernance:referral_forward", args=[referral.pk])).status_code == 404
    )
    client.force_login(world.ara.users[Role.ARS_OFFICER])
    assert (
        client.get(reverse("gouvernance:referral_forward", args=[referral.pk])).status_code == 200
    )


def test_the_form_submits_on_behalf_of_ones_organisation(client, world, committee):
    owner = world.ara.users[Role.PROJECT_OWNER]
    client.force_login(owner)
    response = client.post(
        reverse("gouvernance:referral_add"),
        {
            "committee": committee.pk,
            "requester_organisation": world.ara.hospital.pk,
            "title": "Partage de données",
            "question": "Peut-on partager ces données ?",
        },
    )
    referral = EthicsReferral.objects.get()
    assert response.status_code == 302 and response.url == f"/gouvernance/saisines/{referral.pk}/"
    assert referral.requester == owner and referral.requester_organisation == world.ara.hospital
    client.force_login(world.ara.users[Role.ARS_READER])
    assert client.get(reverse("gouvernance:referral_add")).status_code == 404
