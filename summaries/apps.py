from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SummariesConfig(AppConfig):
    name = "summaries"
    verbose_name = _("Status summaries")

    def ready(self):
        from summaries import signals  # noqa: F401 - connects the after-change trigger
