from django.contrib.auth.backends import ModelBackend

from pilote.comptes.access import access_for


class PiloteBackend(ModelBackend):
    """Django permissions (used by the admin only): national administrators hold them all."""

    def has_perm(self, user_obj, perm, obj=None):
        if user_obj.is_active and access_for(user_obj).is_national_admin:
            return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label):
        if user_obj.is_active and access_for(user_obj).is_national_admin:
            return True
        return super().has_module_perms(user_obj, app_label)
