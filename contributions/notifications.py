"""Telling delegates that a pledge of their state needs their review again, and what changed.

A reset of the review (`services.common._reset_review`) queues `tasks.notify_review_reset` after its
transaction commits; the task e-mails the donor's delegates in that coalition (active, with an address) once
(`PledgeReview.notified_at`, set under a row lock: a task run twice, or by two workers, sends once). If the
queue is unreachable the write still succeeds and the beat sweep (`notify_pending_review_resets`, every few
minutes) sends what was left. The same resets are on each delegate's start page
(`selectors.reviews_awaiting`), mailed or not.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from coalition.models import UserRole
from contributions.models import PledgeReview

log = logging.getLogger(__name__)

# Resets older than this are not mailed by the sweep (they are on the start page): no flood of old news.
SWEEP_WINDOW = timedelta(days=2)
SWEEP_GRACE = timedelta(minutes=2)  # leave a just-queued task the time to run


def delegates_of(pledge):
    user_ids = UserRole.objects.filter(
        coalition_id=pledge.coalition_id, kind=UserRole.Kind.DELEGATE, participant_id=pledge.donor_id
    ).values("user_id")
    return list(
        get_user_model().objects.filter(pk__in=user_ids, is_active=True).exclude(email="").order_by("pk")
    )


def _url(pledge) -> str:
    path = reverse("pledge-detail", args=[pledge.coalition.slug, pledge.pk])
    base = getattr(settings, "PORTAL_BASE_URL", "") or ""
    return f"{base.rstrip('/')}{path}" if base else path


def changes_of(review: PledgeReview) -> list[str]:
    """The lines of what changed, as the reset recorded them ("amount: 1,000.00 → 1,200.00")."""
    text = review.comment.split(": ", 1)[1] if ": " in review.comment else review.comment
    return [line.strip() for line in text.split("; ") if line.strip()]


def send_review_reset(review_id: int) -> int:
    """E-mail the donor's delegates about one reset, once. Returns how many e-mails were sent."""
    with transaction.atomic():
        review = (
            PledgeReview.objects.select_for_update(of=("self",))
            .select_related("pledge__donor", "pledge__coalition")
            .filter(pk=review_id, action=PledgeReview.Action.RESET, notified_at__isnull=True)
            .first()
        )
        if review is None:
            return 0
        pledge, sent = review.pledge, 0
        for user in delegates_of(pledge):
            text = render_to_string(
                "contributions/email/review_reset.txt",
                {"pledge": pledge, "user": user, "changes": changes_of(review), "url": _url(pledge)},
            ).strip()
            subject, _blank, body = text.partition("\n")
            sent += send_mail(subject.strip(), body.strip() + "\n", None, [user.email])
        review.notified_at = timezone.now()
        review.save(update_fields=["notified_at"])
    return sent


def queue_review_reset(review_id: int) -> None:
    """After the commit, hand the e-mail to a worker; a broker outage is logged, never the user's error."""

    def publish():
        from contributions.tasks import notify_review_reset

        try:
            notify_review_reset.delay(review_id)
        except Exception as exc:  # the queue is down: the sweep sends it later
            log.warning("review reset %s not queued (the sweep will send it): %s", review_id, exc)

    transaction.on_commit(publish)


def send_pending() -> int:
    """The sweep: resets of the last days whose e-mail was not sent (the queue was down)."""
    now = timezone.now()
    pending = PledgeReview.objects.filter(
        action=PledgeReview.Action.RESET,
        notified_at__isnull=True,
        at__gte=now - SWEEP_WINDOW,
        at__lte=now - SWEEP_GRACE,
    ).values_list("pk", flat=True)
    return sum(send_review_reset(pk) for pk in list(pending))
