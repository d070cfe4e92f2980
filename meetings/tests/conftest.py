"""Fixtures of the meetings tests: private document storage in a temporary directory, the e-mail backend in
memory, and a planned and a held meeting (for the modules that do not make their own)."""

import pytest

from meetings.tests.factories import MeetingFactory


@pytest.fixture(autouse=True)
def meeting_documents_in_tmp(settings, tmp_path):
    """The named storage "documents" in a temporary directory (Django resets its storages on the change)."""
    root = tmp_path / "private-documents"
    settings.MEETINGS_DOCUMENT_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {**settings.STORAGES["documents"], "OPTIONS": {"location": str(root)}},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return root


@pytest.fixture
def planned(world):
    return MeetingFactory(coalition=world.coalition, number=10)


@pytest.fixture
def held(world):
    return MeetingFactory(coalition=world.coalition, number=9, past=True)
