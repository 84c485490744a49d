from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from pilote.audit.forms import AuditFilterForm
from pilote.audit.perms import can_search_audit
from pilote.audit.search import (
    EXPORT_CAP,
    EXPORT_HEADERS,
    PAGE_SIZE,
    AuditSearch,
    cap_notice,
    export_rows,
)
from pilote.core.exports import csv_response, dated, xlsx_response


def _search(request) -> tuple[AuditFilterForm, AuditSearch]:
    if not can_search_audit(request.user):
        raise Http404
    form = AuditFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    return form, AuditSearch(form.filters())


def _without_page(query) -> str:
    query = query.copy()
    query.pop("page", None)
    return query.urlencode()


def audit_search(request):
    form, search = _search(request)
    page = Paginator(search, PAGE_SIZE).get_page(request.GET.get("page"))
    page.pages_list = list(page.paginator.get_elided_page_range(page.number))
    context = {
        "form": form,
        "page_obj": page,
        "title": _("Journal des modifications"),
        "query_string": _without_page(request.GET),
        "is_capped": search.is_capped,
        "cap_notice": cap_notice(),
        "cap_label": number_format(EXPORT_CAP, force_grouping=True),
    }
    template = "audit/_results.html" if request.htmx else "audit/search.html"
    return render(request, template, context)


def audit_export(request, fmt):
    _form, search = _search(request)
    name = dated("journal-des-modifications")
    if fmt == "csv":
        return csv_response(name, EXPORT_HEADERS, export_rows(search))
    return xlsx_response(name, _("Modifications"), EXPORT_HEADERS, export_rows(search))
