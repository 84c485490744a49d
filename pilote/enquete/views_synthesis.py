"""The synthesis of a campaign: the page, its XLSX workbook and its PDF, all computed by
`synthesis.synthesis` over the grids the user reads."""

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from pilote.core.exports import XLSX_TYPE, xlsx_workbook_bytes
from pilote.enquete.charts import synthesis_charts
from pilote.enquete.models import Grid
from pilote.enquete.synthesis import surveyed_count, synthesis
from pilote.enquete.views import campaign_or_404


def _data(request, pk, chart: bool = False):
    campaign = campaign_or_404(request, pk)
    grids = Grid.objects.visible_to(request.user).filter(campaign=campaign)
    data = synthesis(campaign, grids, surveyed=surveyed_count(campaign, request.user))
    if chart:
        data["charts"] = synthesis_charts(data)
    return campaign, data


def synthesis_page(request, pk):
    campaign, data = _data(request, pk, chart=True)
    context = {"title": _("Synthèse — %s") % campaign.name, "campaign": campaign, "s": data}
    return render(request, "enquete/synthesis.html", context)


def synthesis_pdf(request, pk):
    from weasyprint import HTML

    campaign, data = _data(request, pk, chart=True)
    html = render_to_string("enquete/synthesis_pdf.html", {"campaign": campaign, "s": data})
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="synthese-enquete-{campaign.pk}.pdf"'
    return response


def _territory_rows(by_year: dict):
    for rows in by_year.values():
        for rank, row in enumerate(rows, start=1):
            yield [
                row.year,
                rank if row.budget_per_inhabitant is not None else None,
                row.code,
                row.name,
                row.region,
                row.etp_total,
                row.budget_total,
                row.population,
                row.budget_per_inhabitant,
            ]


def workbook(data: dict) -> bytes:
    territory_headers = [
        _("Année"),
        _("Rang"),
        _("Code"),
        _("Territoire"),
        _("Région actuelle"),
        _("ETP total"),
        _("Budget total (€)"),
        _("Population de référence"),
        _("Budget par habitant (€)"),
    ]
    sheets = [
        (
            _("Couverture"),
            [
                _("Année"),
                _("Grilles incluses"),
                _("Opérateurs enquêtés"),
                _("Grilles transmises"),
                _("Grilles vérifiées"),
            ],
            [
                [c["year"], c["grids"], c["surveyed"], c["submitted"], c["verified"]]
                for c in data["coverage"]
            ],
        ),
        (
            _("Totaux et moyennes"),
            [
                _("Année"),
                _("Opérateurs"),
                _("ETP total"),
                _("ETP renseignés"),
                _("ETP moyen"),
                _("Budget total (€)"),
                _("Budgets renseignés"),
                _("Budget moyen (€)"),
                _("Fonctionnement (€)"),
                _("Investissement (€)"),
            ],
            [
                [
                    y.year,
                    y.operators,
                    y.etp_total,
                    y.etp_known,
                    y.etp_mean,
                    y.budget_total,
                    y.budget_known,
                    y.budget_mean,
                    y.budget_operating,
                    y.budget_investment,
                ]
                for y in data["years"]
            ],
        ),
        (
            _("Tranches d'effectifs"),
            [_("Année"), *data["bands"], _("ETP inconnus")],
            [[y.year, *y.bands, y.etp_unknown] for y in data["years"]],
        ),
        (_("Par habitant"), territory_headers, list(_territory_rows(data["territories"]))),
        (_("Régions actuelles"), territory_headers, list(_territory_rows(data["regions"]))),
        (
            _("Financeurs"),
            [_("Année"), _("Financeur"), _("Montant (€)"), _("Part (%)")],
            [
                [year, f["label"], f["amount"], f["share"]]
                for year, rows in data["funders"].items()
                for f in rows
            ],
        ),
        (
            _("Indices (vérifiés)"),
            [
                _("Année"),
                _("Indice"),
                _("Niveau 1"),
                _("Niveau 2"),
                _("Niveau 3"),
                _("Niveau 4"),
                _("Évaluations vérifiées"),
                _("Évaluations"),
            ],
            [
                [year, i["label"], *i["levels"], a["verified"], a["assessed"]]
                for year, a in data["assessments"].items()
                for i in a["indices"]
            ],
        ),
        (
            _("Risques"),
            # the risks of one year (the latest with grids), as on the page: say which
            [_("Année"), _("Risque"), _("Impact 1"), _("Impact 2"), _("Impact 3"), _("Impact 4")],
            [[data["risk_year"], r["label"], *r["counts"]] for r in data["risks"]],
        ),
    ]
    return xlsx_workbook_bytes(sheets)


def synthesis_xlsx(request, pk):
    campaign, data = _data(request, pk)
    response = HttpResponse(workbook(data), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="synthese-enquete-{campaign.pk}.xlsx"'
    return response
