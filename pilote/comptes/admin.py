from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from dsfr.models import DsfrConfig
from simple_history.admin import SimpleHistoryAdmin

from pilote.comptes import perms
from pilote.comptes.models import ApiToken, Membership, User


def _national_admin_only(request) -> bool:
    return perms.can_administer(request.user)


admin.site.has_permission = _national_admin_only


def _https_by_default(model) -> None:
    """A typed address without a scheme is https in the admin's forms too (Django 6's default;
    until then Django warns and assumes http). For the admin of a third-party app, here."""
    model_admin = admin.site._registry.get(model)
    if model_admin is None:
        return
    https = {"assume_scheme": "https"}
    model_admin.formfield_overrides[models.URLField] = https
    for inline in model_admin.inlines:  # instantiated on each request, from the class
        inline.formfield_overrides = {**inline.formfield_overrides, models.URLField: https}


_https_by_default(DsfrConfig)  # django-dsfr's site settings (registered before our apps)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Identité", {"fields": ("first_name", "last_name", "person")}),
        ("État", {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    readonly_fields = ["last_login", "date_joined"]
    autocomplete_fields = ["person"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(ApiToken)
class ApiTokenAdmin(SimpleHistoryAdmin):
    """Tokens are created and revoked by their owner on /comptes/jetons/; the admin shows them."""

    list_display = [
        "user",
        "name",
        "prefix",
        "scope",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["scope"]
    search_fields = ["user__email", "name", "prefix"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
