from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

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
    pass


class NewPasswordForm(PiloteForm, SetPasswordForm):
    pass
