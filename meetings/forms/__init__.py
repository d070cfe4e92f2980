"""Forms parse input only; the services validate and decide. Split by subject, importable from here."""

from meetings.forms.comments import *  # noqa: F403
from meetings.forms.delegations import *  # noqa: F403
from meetings.forms.documents import *  # noqa: F403
from meetings.forms.meetings import *  # noqa: F403
from meetings.forms.procedures import *  # noqa: F403
from meetings.forms.registrations import *  # noqa: F403
