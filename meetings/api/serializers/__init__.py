"""Serializers of the meetings API, split by subject and importable from here."""

from meetings.api.serializers.comments import *  # noqa: F403
from meetings.api.serializers.delegations import *  # noqa: F403
from meetings.api.serializers.documents import *  # noqa: F403
from meetings.api.serializers.meetings import *  # noqa: F403
from meetings.api.serializers.procedures import *  # noqa: F403
from meetings.api.serializers.registrations import *  # noqa: F403
