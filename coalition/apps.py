from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoalitionConfig(AppConfig):
    name = "coalition"
    verbose_name = _("Coalition registry")

    def ready(self):
        from coalition.api import schema  # noqa: F401 - registers the OpenAPI auth extension
        from coalition.validators import attach_sane_date_validators

        # Every portal app's date fields; the apps are all loaded when the first app is ready.
        attach_sane_date_validators(["coalition", "contributions", "meetings", "procurement", "summaries"])
