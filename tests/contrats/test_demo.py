"""The demo's CPOM: BFC and ARA each have a signed 2025–2027 contract with eight objectives
whose 2024 values come from the accepted demo history, a 2025 dialogue with actions, and two
usage tranches: one payable from the accepted history (with its evidence), one waiting on the
open 2025S1 campaign."""

from django.urls import reverse

from pilote.accueil.demo import load_demo
from pilote.comptes.models import User
from pilote.contrats.achieved import achieved
from pilote.contrats.models import Cpom
from pilote.financement.models import Tranche, TrancheStatus


def test_the_demo_cpoms_objectives_and_tranches(client, reference, tmp_path):
    load_demo(tmp_path)
    cpoms = Cpom.objects.select_related("region").order_by("region__code")
    assert [c.region.code for c in cpoms] == ["27", "84"]
    for cpom in cpoms:
        version = cpom.current_version()
        assert version.signed_on is not None
        objectives = list(version.objectives.all())
        assert 6 <= len(objectives) <= 8
        measured = [o for o in objectives if o.source in ("indicateur", "donnee")]
        assert all(achieved(o, 2024).value is not None for o in measured)
        assert all(o.targets.count() == 3 for o in objectives)
        assert cpom.dialogues.get(year=2025).actions.count() == 3
        tranches = (
            Tranche.objects.in_region(cpom.region)
            .filter(rollout_line__isnull=True)  # the national programme's are checked below
            .order_by("rank")
        )
        payable, waiting = tranches
        assert payable.status == TrancheStatus.PAYABLE
        assert payable.evidence_value >= payable.threshold and payable.evidence_report
        assert (waiting.status, waiting.period) == (TrancheStatus.WAITING, "2025S1")
    bfc = cpoms[0]
    client.force_login(User.objects.get(email="ars-pilotage.bfc@demo.pilote.fr"))
    page = client.get(reverse("contrats:dialogue", args=[bfc.pk, 2025])).content.decode()
    assert "action télésurveillance" in page and "En cours" in page
    response = client.get(reverse("contrats:dialogue_pdf", args=[bfc.pk, 2026]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    check_plans_and_programme(bfc.region)
    page = client.get(reverse("financement:supervision")).content.decode()
    assert "Supervision de GRADeS e-santé Bourgogne-Franche-Comté" in page  # not a former GCS
    assert "Plan de financement pluriannuel" in page
    assert "1\u202f800\u202f000,00" in page  # 2026: running costs and telemonitoring


def check_plans_and_programme(bfc_region):
    """The demo's 2025–2027 plans (execution read from the demo's programmings) and its
    SUN-ES-like window: some BFC establishments payable from the accepted history, with the
    ratio indicator's value as evidence, the others waiting."""
    from decimal import Decimal

    from pilote.financement.demo import GRADES_PLAN
    from pilote.financement.models_plans import FundingPlan
    from pilote.financement.models_programmes import RolloutLine
    from pilote.financement.queries_plans import plan_table
    from pilote.financement.tranches import indicator_target_value

    plans = FundingPlan.objects.in_region(bfc_region)
    table = plan_table(plans.get(operator__isnull=False))
    assert table.total.planned == sum(
        Decimal(a) for _f, _p, amounts in GRADES_PLAN for a in amounts
    )
    assert table.year_totals[2026].programmed == Decimal("1800000.00")
    assert table.year_totals[2026].paid == Decimal("750000.00")
    assert plan_table(plans.get(project__isnull=False)).total.programmed == Decimal("300000.00")
    lines = list(RolloutLine.objects.in_region(bfc_region).select_related("tranche"))
    statuses = {line.tranche.status for line in lines}
    assert statuses == {TrancheStatus.PAYABLE, TrancheStatus.WAITING}
    for line in lines:
        tranche = line.tranche
        value = indicator_target_value(tranche)
        assert (value >= 67) == (tranche.status == TrancheStatus.PAYABLE)
        if tranche.status == TrancheStatus.PAYABLE:
            assert tranche.evidence_value == value and tranche.evidence_report is not None
