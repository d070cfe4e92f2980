"""Languages, formats and the time zone."""

from django.utils.translation import gettext_lazy as _

from coalition.env import env_time_zone
from coalition.settings.base import BASE_DIR

# Internationalisation: English and Ukrainian; every user-facing string is marked for translation.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("uk", _("Ukrainian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English is written as in Europe (en-GB dates and numbers); Ukrainian adds ISO input (coalition/formats/).
FORMAT_MODULE_PATH = ["coalition.formats"]
TIME_ZONE = env_time_zone("TIME_ZONE", "Europe/Brussels")
USE_I18N = True
USE_TZ = True
