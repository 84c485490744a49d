"""The PDF charts (`indicateurs.charts.to_svg`, used by the yearly portfolio review and the
survey synthesis) are measured with the font WeasyPrint draws them with: each legend entry
leaves room for its label as DejaVu Sans draws it, so labels neither overlap nor are cut."""

import re
from html import unescape

from PIL import ImageFont

from pilote.indicateurs import charts
from pilote.indicateurs.models import Indicator

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
# a legend entry: its box (symbol, gap, label as Vega measured it), then its label
ENTRY = re.compile(
    r'<path class="background"[^>]*d="M0,0h([\d.]+)v[\d.]+h-[\d.]+Z"[^>]*/><g>'
    r'<g class="mark-symbol role-legend-symbol".*?'
    r'<text text-anchor="start" transform="translate\(([\d.]+),[\d.]+\)"([^>]*)>([^<]+)</text>'
)


def test_a_pdf_chart_leaves_room_for_each_legend_label_as_the_pdf_draws_it():
    indicator = Indicator(
        name="Taux d'équipement MSSanté des acteurs", short_name="Équipement", unit="%"
    )
    series = {
        "indicator": indicator,
        "region": None,
        "history": [("2024S1", 40.0), ("2024S2", 55.0)],
        "forecast": [("2025S1", 62.0)],
        "target": 70.0,
        "reached_at": None,
    }
    svg = charts.to_svg(charts.vega_spec(series))
    entries = ENTRY.findall(svg)
    assert [unescape(label) for *_rest, label in entries] == [
        "Valeurs acceptées",
        "Prévision (courbe logistique)",
        "Cible",
    ]
    for box, label_x, attributes, label in entries:
        assert 'font-family="&quot;DejaVu Sans&quot;' in attributes
        size = float(re.search(r'font-size="([\d.]+)px"', attributes).group(1))
        drawn = ImageFont.truetype(DEJAVU, size * 8).getlength(unescape(label)) / 8
        assert float(box) - float(label_x) >= drawn - 0.5, label


def test_a_spec_that_names_its_font_keeps_it():
    spec = {"mark": "point", "config": {"font": "Marianne"}, "data": {"values": [{"x": 1}]}}
    spec["encoding"] = {"x": {"field": "x", "type": "quantitative"}}
    assert 'font-family="Marianne"' in charts.to_svg(spec)
    assert spec["config"] == {"font": "Marianne"}  # the caller's spec is left as it was
