from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    name = "contributions"
    verbose_name = _("Contributions")

    def ready(self):
        from contributions import figures_store  # noqa: F401 - connects the stored figures' receivers
