"""Fixtures of the meetings tests: private document storage in a temporary directory, and the e-mail
backend in memory."""

import pytest


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
