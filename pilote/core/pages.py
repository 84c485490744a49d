from django.shortcuts import render


def form_page(request, form, title: str, cancel_url: str, submit_label: str = ""):
    """A page with one DSFR form, its submit button and a cancel link."""
    context = {"form": form, "title": title, "cancel_url": cancel_url, "submit_label": submit_label}
    return render(request, "core/form_page.html", context)
