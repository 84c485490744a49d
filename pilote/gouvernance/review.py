"""The yearly operational and financial review of a region's portfolio for the COSSIS (ARA
charter): projects by phase and health, the decisions of the year in the region's bodies,
funding programmed, committed and paid by budget line (`financement.queries`, the funding
page's figures), indicators against their targets with the dashboard's charts
(`indicateurs.charts`). One snapshot of the data (plain values), hashed: the PDF and the XLSX
are built from the snapshot only, and kept; the same snapshot gives back the same files."""

import datetime
import hashlib
import json
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from pilote.core.exports import xlsx_workbook_bytes
from pilote.core.formats import euros
from pilote.gouvernance.models import Decision

FIGURES = ("amount", "programmed", "committed", "paid", "remaining")


def _number(value):
    return None if value is None else round(float(value), 6)


def _projects(user, region) -> dict:
    from pilote.portefeuille import queries
    from pilote.portefeuille.models import Phase

    projects = queries.portfolio(user, region)
    overview = queries.overview(projects)
    return {
        "total": overview["total"],
        "by_phase": [[str(label), n] for label, n in overview["by_phase"]],
        "by_health": [[str(label), n] for _value, label, n in overview["by_health"]],
        "list": [
            [
                p.code,
                p.title,
                p.get_phase_display(),
                "" if p.phase == Phase.ARRETE else p.get_health_display(),
            ]
            for p in projects.order_by("code")
        ],
    }


def _decisions(user, region, year: int) -> list:
    decisions = (
        Decision.objects.visible_to(user)
        .in_region(region)
        .filter(meeting__starts_at__year=year)
        .select_related("meeting__body", "project")
        .order_by("meeting__starts_at", "pk")
    )
    return [
        [
            d.meeting.starts_at.date().isoformat(),
            str(d.meeting.body),
            d.text,
            d.project.code if d.project else "",
        ]
        for d in decisions
    ]


def _funding(user, region, year: int) -> dict:
    from pilote.financement import queries
    from pilote.financement.models import Envelope

    envelopes = Envelope.objects.visible_to(user).in_region(region).filter(year=year)
    lines, totals = [], queries.Totals()
    for block in queries.by_year_and_domain(envelopes):
        for domain in block.domains:
            for e in domain.envelopes:
                lines.append(
                    [domain.label, e.line.name, str(e.funder)]
                    + [str(getattr(e, name)) for name in FIGURES]
                )
        totals = block.totals
    return {"lines": lines, "totals": [str(getattr(totals, name)) for name in FIGURES]}


def _indicators(region, year: int) -> list:
    from pilote.indicateurs import dashboard

    out = []
    for indicator in dashboard.dashboard_indicators():
        series = dashboard.region_series(indicator, region, f"{year}S2")
        out.append(
            {
                "code": indicator.code,
                "name": indicator.name,
                "unit": indicator.unit,
                "target": _number(series["target"]),
                "history": [[p, _number(v)] for p, v in series["history"]],
                "forecast": [[p, _number(v)] for p, v in series["forecast"]],
            }
        )
    return out


def snapshot(user, region, year: int) -> dict:
    """The review's data, as plain values (what `user` reads of the region)."""
    return {
        "region": region.name,
        "year": year,
        "projects": _projects(user, region),
        "decisions": _decisions(user, region, year),
        "funding": _funding(user, region, year),
        "indicators": _indicators(region, year),
    }


def snapshot_hash(data: dict) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _chart(row: dict, region) -> str:
    from pilote.indicateurs import charts
    from pilote.indicateurs.models import Indicator

    indicator = Indicator.objects.get(code=row["code"])
    series = {
        "indicator": indicator,
        "region": region,
        "history": [tuple(p) for p in row["history"]],
        "target": row["target"],
        "forecast": [tuple(p) for p in row["forecast"]],
        "reached_at": None,
    }
    spec = charts.vega_spec(series)
    spec["title"] = f"{indicator.name} — {region.name}"
    return charts.to_svg(spec)


def _last_value(row: dict):
    known = [v for _p, v in row["history"] if v is not None]
    return known[-1] if known else None


def _french_date(iso: str) -> str:
    return datetime.date.fromisoformat(iso).strftime("%d/%m/%Y")


def review_pdf(data: dict, region) -> bytes:
    from weasyprint import HTML

    from pilote.indicateurs.dashboard import fmt

    indicators = [
        {
            **row,
            "last": fmt(_last_value(row), row["unit"]) if _last_value(row) is not None else "—",
            "target_text": fmt(row["target"], row["unit"]) if row["target"] is not None else "—",
            "svg": _chart(row, region),
        }
        for row in data["indicators"]
    ]
    funding = data["funding"]
    context = {
        "data": data,
        # the snapshot keeps ISO dates (its hash must not depend on the language)
        "decisions": [[_french_date(d[0]), *d[1:]] for d in data["decisions"]],
        "indicators": indicators,
        "funding_lines": [
            line[:3] + [euros(Decimal(v)) for v in line[3:]] for line in funding["lines"]
        ],
        "funding_totals": [euros(Decimal(v)) for v in funding["totals"]],
    }
    html = render_to_string("gouvernance/review_pdf.html", context)
    return HTML(string=html).write_pdf()


def review_xlsx(data: dict) -> bytes:
    figures = [_("Enveloppe"), _("Programmé"), _("Engagé"), _("Payé"), _("Reste à programmer")]
    funding = data["funding"]
    funding_rows = [line[:3] + [Decimal(v) for v in line[3:]] for line in funding["lines"]]
    funding_rows.append([_("Total"), "", ""] + [Decimal(v) for v in funding["totals"]])
    projects = data["projects"]
    return xlsx_workbook_bytes(
        [
            (
                _("Projets par phase"),
                [_("Phase"), _("Projets")],
                projects["by_phase"] + [[_("Total"), projects["total"]]],
            ),
            (_("Projets par santé"), [_("Santé"), _("Projets")], projects["by_health"]),
            (
                _("Projets"),
                [_("Code"), _("Intitulé"), _("Phase"), _("Santé")],
                projects["list"],
            ),
            (
                _("Décisions %s") % data["year"],
                [_("Date"), _("Instance"), _("Décision"), _("Projet")],
                [[datetime.date.fromisoformat(d[0]), *d[1:]] for d in data["decisions"]],
            ),
            (
                _("Financements %s") % data["year"],
                [_("Domaine"), _("Ligne"), _("Financeur")] + figures,
                funding_rows,
            ),
            (
                _("Indicateurs"),
                [_("Code"), _("Indicateur"), _("Unité"), _("Dernière valeur"), _("Cible")],
                [
                    [r["code"], r["name"], r["unit"], _last_value(r), r["target"]]
                    for r in data["indicators"]
                ],
            ),
        ]
    )
