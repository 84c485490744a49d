import datetime

import pytest
from django.utils import timezone

from pilote.comptes.models import Role
from pilote.gouvernance import services
from pilote.gouvernance.models import Body, BodyKind, College, Meeting, Scope, Seat
from tests.factories import OrganisationFactory

START = datetime.date(2026, 1, 1)


def paris(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def officer(world):
    return world.ara.users[Role.ARS_OFFICER]


def make_body(user, region, name="COSSIS ARA", **rules) -> Body:
    return services.save_body(
        acting_user=user,
        body=Body(
            name=name,
            short_name=name,
            kind=BodyKind.COSSIS,
            scope=Scope.REGION if region else Scope.NATION,
            region=region,
            **rules,
        ),
    )


def add_seats(user, body, organisations, starts_on=START, voting=True) -> list[Seat]:
    return [
        services.save_seat(
            acting_user=user,
            seat=Seat(
                body=body,
                organisation=org,
                college=College.HOSPITALS,
                titular=f"Titulaire {org.name}",
                substitute=f"Suppléant {org.name}",
                voting=voting,
                starts_on=starts_on,
            ),
        )
        for org in organisations
    ]


@pytest.fixture
def cossis(world, officer):
    """The ARA COSSIS: quorum 1/2, one proxy per holder, six voting seats."""
    body = make_body(officer, world.ara.region)
    orgs = [world.ara.ars, world.ara.grades, world.ara.hospital] + [
        OrganisationFactory(name=f"Membre {i}", departement=world.ara.departement) for i in range(3)
    ]
    body.test_seats = add_seats(officer, body, orgs)
    return body


def convene(user, body, when=(2026, 3, 12, 14, 0), title="COSSIS de printemps", items=()):
    start = paris(*when)
    return services.convene(
        acting_user=user,
        meeting=Meeting(
            body=body,
            title=title,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            place="ARS, Lyon",
        ),
        items=items,
    )


@pytest.fixture
def meeting(cossis, officer):
    return convene(officer, cossis)


@pytest.fixture
def committee(world, officer):
    """The ARA ethics committee; its secretariat is the GRADeS."""
    return services.save_body(
        acting_user=officer,
        body=Body(
            name="Comité d'éthique ARA",
            short_name="Éthique ARA",
            kind=BodyKind.ETHICS,
            scope=Scope.REGION,
            region=world.ara.region,
            secretariat=world.ara.grades,
        ),
    )


def referral_readers(world) -> dict:
    """Who reads a referral the ARA hospital's project owner submitted, not yet screened
    (user → HTTP status of its page and of its API)."""
    return {
        world.ara.users[Role.PROJECT_OWNER]: 200,  # the requester
        world.ara.users[Role.ARS_OFFICER]: 200,  # the COSSIS secretariat
        world.ara.users[Role.ARS_READER]: 200,
        world.ara.users[Role.GRADES_MANAGER]: 404,  # the committee, before it is forwarded
        world.bfc.users[Role.ARS_OFFICER]: 404,
        world.bfc.users[Role.PROJECT_OWNER]: 404,
        world.national_reader: 200,
    }


def setup_report(world, period, comments=None, **values):
    """The BFC report of the GRADeS set-up campaign of `period` (opened here), entered with
    `values` and submitted by its GRADeS manager."""
    from pilote.indicateurs import workflow
    from tests.reporting import enter, open_semester

    campaign = open_semester(world, period, dataset_code="GRADES_MISE_EN_PLACE")
    report = campaign.reports.get(region=world.bfc.region)
    enter(world.bfc, report, comments=comments, **values)
    workflow.submit_report(acting_user=world.bfc.users[Role.GRADES_MANAGER], report=report)
    return report


# a first semester's answers: the legal form chosen on 12/04/2017 (its document in the
# comment), the director not yet appointed
FIRST_ANSWERS = {
    "comments": {"GRADES_FORME_DATE": "Délibération n° 2017-04"},
    "GRADES_FORME": "oui",
    "GRADES_FORME_DATE": "12/04/2017",
    "GRADES_DIRECTEUR": "non",
}
