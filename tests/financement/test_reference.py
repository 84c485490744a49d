"""The Bourgogne-Franche-Comté FIR table of 2015–2016 (document 004): Pilote's totals per
line, domain, channel and year equal the note's."""

from decimal import Decimal

from django.db.models import Sum

from pilote.comptes.access import SYSTEM
from pilote.financement.models import Channel, Domain, Envelope, Funder
from pilote.financement.reference import load_fir_bfc


def totals(region, **filters):
    rows = (
        Envelope.objects.in_region(region)
        .filter(**filters)
        .values("year")
        .annotate(total=Sum("amount"))
        .order_by("year")
    )
    return {r["year"]: r["total"] for r in rows}


def test_the_bfc_fir_table_gives_the_notes_totals(world):
    region = world.bfc.region
    envelopes = load_fir_bfc(acting_user=SYSTEM, region=region)
    assert len(envelopes) == 14
    assert totals(region, line__domain=Domain.TELEMEDICINE) == {
        2015: Decimal("2263184.00"),
        2016: Decimal("2676904.00"),
    }
    assert totals(region, line__domain=Domain.E_HEALTH) == {
        2015: Decimal("2945426.00"),
        2016: Decimal("3311550.00"),
    }
    assert totals(region) == {2015: Decimal("5208610.00"), 2016: Decimal("5988454.00")}
    assert totals(region, channel=Channel.GRADES) == {
        2015: Decimal("2671000.00"),  # 579,000 + 2,092,000
        2016: Decimal("3116500.00"),  # 804,500 + 2,312,000
    }
    assert totals(region, line__code="telemedecine-article-36") == {
        2015: Decimal("1594184.00"),
        2016: Decimal("1002404.00"),
    }
    assert {e.funder for e in envelopes} == {Funder.objects.get(code="ars-fir")}
    assert all("Détail des financements 2016" in e.source for e in envelopes)


def test_loading_it_twice_changes_nothing(world):
    load_fir_bfc(acting_user=SYSTEM, region=world.bfc.region)
    rows = Envelope.history.count()
    load_fir_bfc(acting_user=SYSTEM, region=world.bfc.region)
    assert Envelope.objects.count() == 14
    assert Envelope.history.count() == rows
