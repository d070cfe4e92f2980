"""Reads of meetings, shared by pages, the API, the calendar and tasks; split by subject, importable from
here. Each runs a fixed number of queries, whatever the number of rows."""

from meetings.selectors.comments import *  # noqa: F403
from meetings.selectors.delegations import *  # noqa: F403
from meetings.selectors.meetings import *  # noqa: F403
from meetings.selectors.procedures import *  # noqa: F403
from meetings.selectors.registrations import *  # noqa: F403
