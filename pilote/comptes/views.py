from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pilote.comptes import services
from pilote.comptes.forms import ApiTokenForm
from pilote.comptes.models import ApiToken
from pilote.core.pages import run_service


def tokens(request):
    new_token = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = services.create_api_token(
                acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:  # a refused permission is a 403 (pilote.core.pages)
            messages.error(request, error_message(exc))
        else:
            messages.success(
                request, _("Jeton créé : copiez-le maintenant, il ne sera plus affiché.")
            )
            form = ApiTokenForm()
    context = {
        "form": form,
        "tokens": ApiToken.objects.filter(user=request.user).order_by("-created_at"),
        "new_token": new_token,
        "title": _("Mes jetons d'API"),
    }
    return render(request, "comptes/tokens.html", context)


@require_POST
def revoke_token(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    run_service(
        request,
        lambda: services.revoke_api_token(acting_user=request.user, token=token),
        _("Jeton révoqué."),
    )
    return redirect("comptes:tokens")


def error_message(exc: ValidationError) -> str:
    """What a service's refusal tells the user (its messages are in French)."""
    return " ".join(exc.messages)
