from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired

# Public pages (published dashboards, catalogue) and the API, which authenticates on its own.
PUBLIC_PREFIXES = ("/api/", "/static/", "/public/", "/tableau-de-bord/", "/catalogue/")


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Every page needs a login except the published ones and those marked login_not_required."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(PUBLIC_PREFIXES):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
