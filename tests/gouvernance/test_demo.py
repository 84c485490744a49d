import datetime

from pilote.accueil.demo import load_demo
from pilote.gouvernance import quorum
from pilote.gouvernance.models import (
    Action,
    Adhesion,
    Body,
    BodyKind,
    Decision,
    Meeting,
    MinutesStatus,
)
from pilote.indicateurs.models import Report, ReportStatus


def test_the_demo_has_the_ara_cossis_the_bfc_assembly_and_the_national_committee(
    reference, tmp_path
):
    load_demo(tmp_path)
    cossis = Body.objects.get(short_name="COSSIS ARA")
    assert cossis.seats.count() == 12
    spring, autumn = Meeting.objects.filter(body=cossis).order_by("starts_at")
    assert quorum.compute(spring).met
    assert spring.minutes_status == MinutesStatus.APPROVED and spring.approved_in == autumn
    assert Decision.objects.filter(meeting=spring, project__isnull=False).exists()
    assert Action.objects.filter(meeting=spring).open().count() == 1
    in_force = Adhesion.objects.filter(charter__body=cossis)
    assert in_force.in_force_on(datetime.date(2026, 4, 30)).count() == 6
    assert in_force.in_force_on(datetime.date(2026, 5, 1)).count() == 5
    assert Body.objects.get(kind=BodyKind.GRADES_ASSEMBLY).region.code == "27"
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
    assert Body.objects.get(kind=BodyKind.NATIONAL_STRATEGIC).region is None
    setup = Report.objects.filter(campaign__dataset__code="GRADES_MISE_EN_PLACE")
    assert setup.filter(campaign__period="2017S2", status=ReportStatus.ACCEPTED).count() == 14
    assert setup.filter(campaign__period="2018S1").count() == 18
    load_demo(tmp_path)
    assert setup.count() == 32
    assert Meeting.objects.filter(body=cossis).count() == 2
