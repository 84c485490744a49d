"""django-csp's middleware, without a nonce when the policy uses none.

django-dsfr's base template writes `nonce="{{ request.csp_nonce }}"` on its two script tags:
django-csp then draws a random value on each request even though Pilote's policy allows
scripts by origin (`script-src 'self'`) and never lists a nonce. That value only made every
page's bytes differ and kept the anonymous public pages from being cached
(`pilote.core.public_cache`). While no directive lists `csp.constants.NONCE`, the nonce is
empty (no attribute is written); a policy that lists it gets django-csp's behaviour back."""

from csp.constants import NONCE
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from django.conf import settings


def policy_uses_nonce() -> bool:
    for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY"):
        directives = (getattr(settings, name, None) or {}).get("DIRECTIVES", {})
        if any(NONCE in value for value in directives.values() if isinstance(value, list | tuple)):
            return True
    return False


class CSPMiddleware(BaseCSPMiddleware):
    def process_request(self, request):
        if policy_uses_nonce():
            return super().process_request(request)
        request.csp_nonce = ""
        return None
