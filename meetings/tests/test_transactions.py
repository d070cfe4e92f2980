"""Writes outside a wrapping transaction, as on the production stack (no test transaction around them).

The in-process tests run inside a transaction, where `select_for_update` never complains and SQLite ignores
it anyway; these tests commit for real, so on PostgreSQL a service that locks rows outside
`transaction.atomic` fails here as it did in production (the decision 500 of issue 9).
"""

import inspect

import pytest
from django.db import transaction

from meetings import services
from meetings.models import Decision
from meetings.tests.factories import MeetingFactory

# Public functions of meetings.services that only read: everything else writes and must be atomic.
READS = {
    "can_report",
    "can_respond",
    "comments_open",
    "default_marking",
    "role_on",
    "roles_on",
    "notification_preferences_of",
    "feed_token_authenticate",
    "silence_keepers",
}
# Runs many writes, each in its own transaction, so that one failing does not hold the others back.
EACH_IN_ITS_OWN_TRANSACTION = {"conclude_due"}


def _is_atomic(function) -> bool:
    """`@transaction.atomic` wraps a function in a closure holding the Atomic context manager."""
    return any(isinstance(cell.cell_contents, transaction.Atomic) for cell in function.__closure__ or ())


def test_every_write_service_runs_in_a_transaction():
    writes = {
        name: value
        for name, value in vars(services).items()
        if inspect.isfunction(value)
        and not name.startswith("_")
        and name not in READS | EACH_IN_ITS_OWN_TRANSACTION
    }
    assert len(writes) > 30
    not_atomic = sorted(name for name, function in writes.items() if not _is_atomic(function))
    assert not_atomic == [], f"write services outside transaction.atomic: {not_atomic}"


@pytest.mark.django_db(transaction=True)
def test_recording_a_decision_through_the_api_commits(world, api_client_for):
    meeting = MeetingFactory(coalition=world.coalition, past=True)
    response = api_client_for(world.users.secretariat).post(
        "/api/v1/decisions/", {"meeting": meeting.pk, "text": "x"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["reference"] == f"SG{meeting.number}/1"
    assert Decision.objects.get(meeting=meeting).text == "x"


@pytest.mark.django_db(transaction=True)
def test_recording_a_decision_on_its_page_commits(world, page_client_for):
    meeting = MeetingFactory(coalition=world.coalition, past=True)
    response = page_client_for(world.users.secretariat).post(
        f"/c/itc/meetings/{meeting.number}/decisions/add/", {"text": "Adopt the 2024 roadmap."}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(Decision.objects.filter(meeting=meeting).values_list("number", "text")) == [
        (1, "Adopt the 2024 roadmap.")
    ]
