from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "pilote.cooperation"
    verbose_name = _("Coopération interrégionale")

    def ready(self):
        from pilote.cooperation import review
        from pilote.portefeuille.services import commitment_checks

        # the national prior review is one of the conditions of a financial commitment
        if review.check_prior_review not in commitment_checks:
            commitment_checks.append(review.check_prior_review)
