"""Each user's choice of the e-mails they receive."""

from django.urls import reverse
from django.utils.translation import gettext as _

from pilote.core.pages import apply_service, form_page
from pilote.notifications import services
from pilote.notifications.forms import PreferencesForm
from pilote.notifications.models import Kind, OptOut


def preferences(request):
    muted = set(OptOut.objects.filter(user=request.user).values_list("kind", flat=True))
    form = PreferencesForm(
        request.POST or None, initial={"enabled": [k for k in Kind.values if k not in muted]}
    )
    if request.method == "POST" and form.is_valid():
        done = apply_service(
            request,
            form,
            lambda: services.set_preferences(
                acting_user=request.user, user=request.user, enabled=form.cleaned_data["enabled"]
            ),
            _("Vos préférences de notification sont enregistrées."),
            reverse("notifications:preferences"),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        _("Mes notifications par courriel"),
        reverse("home"),
        _("Enregistrer mes préférences"),
    )
