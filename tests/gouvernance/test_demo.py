import datetime

from pilote.accueil.demo import load_demo
from pilote.gouvernance import quorum
from pilote.gouvernance.models import (
    Action,
    Adhesion,
    Body,
    BodyKind,
    Decision,
    DirectorAppointment,
    Meeting,
    MinutesStatus,
)
from pilote.indicateurs.models import Report, ReportStatus


def test_the_demo_has_the_ara_cossis_the_bfc_assembly_and_the_national_committee(
    reference, tmp_path
):
    load_demo(tmp_path)
    cossis = Body.objects.get(short_name="COSSIS ARA")
    # the ARS, the 14 members the charter names at its installation, the GRADeS invited
    # without a vote
    assert cossis.seats.count() == 16
    names = set(cossis.seats.values_list("organisation__name", flat=True))
    for named in (
        "France Assos Santé Auvergne-Rhône-Alpes",
        "Conseil régional Auvergne-Rhône-Alpes",
        "Conseil régional de l'Ordre des médecins Auvergne",
        "Conseil régional de l'Ordre des médecins Rhône-Alpes",
        "URPS Infirmiers Auvergne-Rhône-Alpes",
        "CPAM du Rhône",
        "FHP Auvergne-Rhône-Alpes",
        "FEHAP Auvergne-Rhône-Alpes",
    ):
        assert named in names, named
    assert cossis.seats.get(voting=False).organisation.type == "grades"
    spring, autumn, upcoming = Meeting.objects.filter(body=cossis).order_by("starts_at")
    assert upcoming.starts_at.date() > datetime.date.today()
    assert quorum.compute(spring).met
    assert spring.minutes_status == MinutesStatus.APPROVED and spring.approved_in == autumn
    assert Decision.objects.filter(meeting=spring, project__isnull=False).exists()
    assert Action.objects.filter(meeting=spring).open().count() == 1
    in_force = Adhesion.objects.filter(charter__body=cossis)
    assert in_force.in_force_on(datetime.date(2026, 4, 30)).count() == 14
    assert in_force.in_force_on(datetime.date(2026, 5, 1)).count() == 13
    # the BFC GRADeS: its assembly twice a year, its deliberative body, which appointed the
    # director with the ARS's agreement
    assembly = Body.objects.get(kind=BodyKind.GRADES_ASSEMBLY)
    assert assembly.region.code == "27" and assembly.meetings.count() == 2
    board = Body.objects.get(kind=BodyKind.BOARD)
    assert board.region.code == "27" and board.meetings.count() == 3
    assert DirectorAppointment.objects.get(body=board).ars_agreement_on is not None
    assert Body.objects.filter(kind=BodyKind.CASSIS).count() == 2
    ethics = Body.objects.get(kind=BodyKind.ETHICS)
    assert sorted(ethics.referrals.values_list("status", flat=True)) == ["avis_rendu", "soumise"]
    assert all(s.titular_email for s in cossis.seats.all())
    soon = datetime.date.today() + datetime.timedelta(days=90)
    assert (
        Adhesion.objects.filter(charter__body__short_name="CASSIS Auvergne", expires_on__lte=soon)
        .in_force_on(datetime.date.today())
        .exists()
    )
    # the national committees, a year of meetings with decisions and actions, each meeting's
    # minutes approved at the next and its first action closed there
    for kind, count in ((BodyKind.NATIONAL_STRATEGIC, 2), (BodyKind.NATIONAL_OPERATIONAL, 4)):
        body = Body.objects.get(kind=kind)
        assert body.region is None and body.is_public
        meetings = list(body.meetings.order_by("starts_at"))
        assert len(meetings) == count
        assert all(Decision.objects.filter(meeting=m).exists() for m in meetings)
        assert all(m.minutes_status == MinutesStatus.APPROVED for m in meetings[:-1])
        assert meetings[-1].minutes_status == MinutesStatus.DRAFT
        assert Action.objects.filter(meeting__body=body, closed_in=meetings[1]).exists()
        assert all(quorum.compute(m).met for m in meetings)
    assert Action.objects.filter(meeting__body__scope="nation").open().exists()
    setup = Report.objects.filter(campaign__dataset__code="GRADES_MISE_EN_PLACE")
    assert setup.filter(campaign__period="2017S2", status=ReportStatus.ACCEPTED).count() == 14
    assert setup.filter(campaign__period="2018S1").count() == 18
    load_demo(tmp_path)
    assert setup.count() == 32
    assert Meeting.objects.filter(body=cossis).count() == 3
    assert Meeting.objects.filter(body=board).count() == 3
    assert DirectorAppointment.objects.count() == 1
