"""Helpers shared by the pages that show one form and call one service."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render


def form_page(
    request, form, title: str, cancel_url: str, submit_label: str = "", intro="", after=""
):
    """A page with one DSFR form, its submit button and a cancel link; `intro` a paragraph
    above it, `after` a template included below the form (a list shown as one types)."""
    context = {
        "form": form,
        "title": title,
        "cancel_url": cancel_url,
        "submit_label": submit_label,
        "intro": intro,
        "after": after,
    }
    return render(request, "core/form_page.html", context)


def refusal_messages(exc: ValidationError) -> list[str]:
    """The French reasons a service gave for refusing."""
    return list(getattr(exc, "messages", [str(exc)]))


def flash_refusal(request, exc: ValidationError) -> None:
    """Show a service's refusal as error messages on the next page."""
    for message in refusal_messages(exc):
        messages.error(request, message)


def add_service_errors(form, exc: ValidationError) -> None:
    """Show a service's refusal on the form: on its field when it names one, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, refusal_messages(exc))


REFUSED = object()  # what `run_service` answers when the service refused


def _outcome(value, result):
    return value(result) if callable(value) else value


# The one policy for a service's refusal, in both helpers below:
# - a business rule (ValidationError: "the version is frozen", "a gate is already pending") is
#   shown to the user, who may correct and try again;
# - a permission (PermissionDenied: the user may read the object but not do this) is not
#   caught: Django answers 403 with the French 403 page, which shows the service's reason.
#   (An object the user may not read never gets this far: it is a 404.)


def apply_service(request, form, action, success, target):
    """The one way a form page calls a service. Run `action()`; refused by a business rule:
    the reasons go on the form (on the field they name) and None is returned so the page is
    shown again; done: the success message and a redirect to `target`. `success` and `target`
    may be functions of the service's result (the object it created, the changes it made)."""
    try:
        result = action()
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    messages.success(request, _outcome(success, result))
    return redirect(_outcome(target, result))


def run_service(request, action, success=""):
    """The one way a button (a POST without a form page) calls a service. Run `action()`;
    refused by a business rule: the reasons are shown as error messages on the next page and
    REFUSED is returned; done: the success message (text, or a function of the result) and
    the result."""
    try:
        result = action()
    except ValidationError as exc:
        flash_refusal(request, exc)
        return REFUSED
    if success:
        messages.success(request, _outcome(success, result))
    return result


def file_download(field_file):
    """Send an uploaded file as an attachment (the caller has checked access)."""
    from django.http import FileResponse, Http404

    if not field_file:
        raise Http404
    return FileResponse(
        field_file.open("rb"), as_attachment=True, filename=field_file.name.rsplit("/", 1)[-1]
    )


def import_page(request, form_class, run_import, **context):
    """The page of a file import (`core/import_page.html`): the form, and once posted the
    outcome of `run_import(data, acting_user=…, dry_run=…)` — its summary and its problems.
    `context` gives the title, intro, back_url and back_label, and may name a `template`."""
    form = form_class(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        outcome = run_import(
            form.cleaned_data["file"].read(),
            acting_user=request.user,
            dry_run=form.cleaned_data["dry_run"],
        )
    template = context.pop("template", "core/import_page.html")
    return render(request, template, {**context, "form": form, "outcome": outcome})
