from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from pilote.comptes import views, views_activity
from pilote.comptes.forms import LoginForm, NewPasswordForm, ResetForm

app_name = "comptes"
urlpatterns = [
    path(
        "connexion/",
        auth_views.LoginView.as_view(
            template_name="comptes/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "mot-de-passe/oubli/",
        auth_views.PasswordResetView.as_view(
            template_name="comptes/password_reset.html",
            form_class=ResetForm,
            email_template_name="comptes/password_reset_email.txt",
            subject_template_name="comptes/password_reset_subject.txt",
            success_url=reverse_lazy("comptes:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "mot-de-passe/oubli/envoye/",
        auth_views.PasswordResetDoneView.as_view(template_name="comptes/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="comptes/password_reset_confirm.html",
            form_class=NewPasswordForm,
            success_url=reverse_lazy("comptes:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/termine/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="comptes/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("jetons/", views.tokens, name="tokens"),
    path("jetons/<int:pk>/revoquer/", views.revoke_token, name="revoke_token"),
    path("connexions/", views_activity.login_activity, name="login_activity"),
    path("connexions/lever-blocage/", views_activity.lift_lockout, name="lift_lockout"),
]
