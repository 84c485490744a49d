"""The GRADeS set-up follow-up page: the milestones of every region the user reads."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from pilote.gouvernance import setup_followup


def setup_table(request):
    rows = setup_followup.setup_rows(request.user)
    reported, shown = setup_followup.coverage(rows)
    return render(
        request,
        "gouvernance/setup_table.html",
        {
            "title": _("Mise en place des GRADeS"),
            "rows": rows,
            "milestones": [label for _code, label in setup_followup.MILESTONES],
            "reported": reported,
            "shown": shown,
        },
    )
