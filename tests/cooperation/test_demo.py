from pilote.accueil.demo import load_demo
from pilote.comptes.models import User
from pilote.cooperation import similarity
from pilote.cooperation.models import Need, Reuse
from pilote.territoires.models import Territory


def test_the_demo_has_similar_projects_in_two_regions_a_need_and_a_reuse(reference, tmp_path):
    load_demo(tmp_path)
    officer = User.objects.get(email="ars-pilotage.bfc@demo.pilote.fr")
    bfc = Territory.objects.current().regions().get(code="27")
    draft = similarity.draft_item(
        region=bfc,
        title="Téléconsultation dans les EHPAD",
        description="Consultations à distance des résidents avec leur médecin traitant.",
    )
    codes = [m.item.code for m in similarity.similar_to(officer, draft, limit=3)]
    assert {"ARA-TLC-EHPAD", "OCC-CONSULT-AGEES"} <= set(codes)
    need = Need.objects.get()
    assert need.region == bfc and need.echoes.get().region.code == "76"
    assert Reuse.objects.get().region == bfc
    load_demo(tmp_path)
    assert Need.objects.count() == 1
