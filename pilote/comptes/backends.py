from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend

from pilote.comptes import perms


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' check, first in AUTHENTICATION_BACKENDS: a locked-out e-mail and address pair
    is refused before any password is checked.

    Every login page passes its request; a call without one comes from code (the test client's
    `login()`, a shell), has no client address to count and is left to the next backend."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


class PiloteBackend(ModelBackend):
    """Django permissions (used by the admin only): national administrators hold them all."""

    def has_perm(self, user_obj, perm, obj=None):
        if perms.can_administer(user_obj):
            return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label):
        if perms.can_administer(user_obj):
            return True
        return super().has_module_perms(user_obj, app_label)
