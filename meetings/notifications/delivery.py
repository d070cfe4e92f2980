"""Sending one e-mail per address and key, in the recipient's language, recorded before it is sent.

Each e-mail is recorded in NotificationLog under (address, key) in the same transaction as the sending, so a
task that runs twice (or two workers at once) sends it once.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from meetings.models import Meeting, NotificationLog
from meetings.recipients import Recipient
from meetings.text import one_line

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    base = getattr(settings, "PORTAL_BASE_URL", "") or ""
    return f"{base.rstrip('/')}{path}" if base else path


def meeting_url(meeting: Meeting) -> str:
    return absolute_url(reverse("meeting-detail", args=[meeting.coalition.slug, meeting.number]))


def render(template: str, context: dict, language: str = "") -> tuple[str, str]:
    """(subject, body) of a text template whose first line is the subject (made one line)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        text = render_to_string(template, context).strip()
    subject, _, body = text.partition("\n")
    return one_line(subject), body.strip() + "\n"


def send_once(*, kind, key, recipient: Recipient, subject, body, meeting=None, attachments=()) -> bool:
    """Send one e-mail unless the log already holds (address, key). Returns whether it was sent."""
    try:
        with transaction.atomic():
            NotificationLog.objects.create(
                kind=kind,
                key=key,
                user_id=recipient.user_id,
                contact_id=recipient.contact_id,
                email=recipient.key,
                meeting=meeting,
            )
            message = EmailMessage(subject=subject, body=body, to=[recipient.email])
            for attachment in attachments:
                message.attach(*attachment)
            message.send()
    except IntegrityError:
        return False
    return True


def deliver(*, kind, key, recipients, template, context, meeting=None, attachments=()) -> int:
    """Render `template` for each recipient (as `recipient` in the context) and send it once; the count."""
    sent = 0
    for recipient in recipients:
        subject, body = render(template, {**context, "recipient": recipient}, recipient.language)
        sent += send_once(
            kind=kind,
            key=key,
            recipient=recipient,
            meeting=meeting,
            subject=subject,
            body=body,
            attachments=attachments,
        )
    return sent
