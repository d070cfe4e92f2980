"""Settings, all from the environment: see README.md and .env.example for each variable.

`coalition.settings` is the settings module (DJANGO_SETTINGS_MODULE); its settings are split by subject into
the modules of this package, each imported here in the order they were once read from the environment.
"""

# isort: off
from coalition.settings.base import *  # noqa: F403
from coalition.settings.security import *  # noqa: F403
from coalition.settings.database import *  # noqa: F403
from coalition.settings.i18n import *  # noqa: F403
from coalition.settings.files import *  # noqa: F403
from coalition.settings.portal import *  # noqa: F403
from coalition.settings.queue import *  # noqa: F403
from coalition.settings.api import *  # noqa: F403
from coalition.settings.logs import *  # noqa: F403
# isort: on
