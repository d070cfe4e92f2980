from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoalitionConfig(AppConfig):
    name = "coalition"
    verbose_name = _("Coalition registry")

    def ready(self):
        from coalition.api import schema  # noqa: F401 - registers the OpenAPI auth extension
