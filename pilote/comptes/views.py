from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pilote.comptes import services
from pilote.comptes.models import ApiToken


def tokens(request):
    new_token = None
    if request.method == "POST":
        _token, new_token = services.create_api_token(
            acting_user=request.user, name=request.POST.get("name", "")
        )
        messages.success(request, _("Jeton créé : copiez-le maintenant, il ne sera plus affiché."))
    context = {
        "tokens": ApiToken.objects.filter(user=request.user).order_by("-created_at"),
        "new_token": new_token,
        "title": _("Mes jetons d'API"),
    }
    return render(request, "comptes/tokens.html", context)


@require_POST
def revoke_token(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    services.revoke_api_token(acting_user=request.user, token=token)
    messages.success(request, _("Jeton révoqué."))
    return redirect("comptes:tokens")
