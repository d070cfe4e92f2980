"""Fixtures of the meetings tests: private document storage in a temporary directory, and the e-mail
backend in memory."""

import pytest


@pytest.fixture(autouse=True)
def meeting_documents_in_tmp(settings, tmp_path):
    settings.MEETINGS_DOCUMENT_ROOT = tmp_path / "private-documents"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings.MEETINGS_DOCUMENT_ROOT
