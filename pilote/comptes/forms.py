from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from pilote.comptes.models import TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS, TokenScope
from pilote.core.forms import PiloteForm


class LoginForm(PiloteForm, AuthenticationForm):
    error_messages = {
        "invalid_login": _("Adresse électronique ou mot de passe incorrect."),
        "inactive": _("Ce compte est désactivé."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Adresse électronique")
        self.fields["password"].label = _("Mot de passe")


class ResetForm(PiloteForm, PasswordResetForm):
    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        # The link leads to the address users open Pilote at, never to the Host header the
        # request happened to carry (a forged Host would otherwise receive the reset token).
        context["site_url"] = settings.PILOTE_SITE_URL.rstrip("/")
        super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class NewPasswordForm(PiloteForm, SetPasswordForm):
    pass


VALIDITY_CHOICES = [
    (7, _("7 jours")),
    (30, _("30 jours")),
    (TOKEN_DEFAULT_DAYS, _("90 jours")),
    (180, _("180 jours")),
    (TOKEN_MAX_DAYS, _("1 an")),
]


class ApiTokenForm(PiloteForm):
    name = forms.CharField(label=_("Nom du jeton"), max_length=100)
    scope = forms.ChoiceField(
        label=_("Portée"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
        help_text=_(
            "Un jeton en lecture seule ne peut rien modifier, quels que soient vos droits."
        ),
    )
    valid_days = forms.TypedChoiceField(
        label=_("Durée de validité"),
        choices=VALIDITY_CHOICES,
        coerce=int,
        initial=TOKEN_DEFAULT_DAYS,
    )


class LoginActivityFilterForm(PiloteForm):
    email = forms.CharField(label=_("Adresse électronique (ou une partie)"), required=False)
    day = forms.DateField(
        label=_("Jour"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
