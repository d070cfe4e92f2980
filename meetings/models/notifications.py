"""E-mail preferences and the log that makes each notification idempotent; calendar feed tokens."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models import Coalition
from meetings.models.meeting import Meeting
from meetings.querysets import FeedTokenQuerySet, OwnRecordsQuerySet


class NotificationKind(models.TextChoices):
    INVITATION = "invitation", _("Meeting invitations and changes")
    REMINDER = "reminder", _("Reminders with the agenda before a meeting")
    MINUTES = "minutes", _("Minutes circulated for comment")
    ACTION_DUE = "action_due", _("Action items coming due")
    OVERDUE_DIGEST = "overdue_digest", _("Weekly digest of my overdue action items")
    PROCEDURE = "procedure", _("Written procedures: circulation, reminders and outcome")


class NotificationPreference(models.Model):
    """A person's choice for one kind of e-mail. Without a row the e-mail is sent (opt-out)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="meeting_notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=NotificationKind.choices)
    enabled = models.BooleanField(_("send me these e-mails"), default=True)

    history = HistoricalRecords()
    objects = OwnRecordsQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique")
        ]

    def __str__(self):
        return f"{self.user}: {self.kind} {'on' if self.enabled else 'off'}"


class NotificationLog(models.Model):
    """One e-mail sent to one address, keyed so that a task run twice never sends the same thing twice."""

    kind = models.CharField(_("kind"), max_length=16, choices=NotificationKind.choices)
    key = models.CharField(_("key"), max_length=120, help_text=_("What was sent: e.g. reminder:meeting:12."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    contact = models.ForeignKey(
        "meetings.Contact",
        verbose_name=_("contact"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    email = models.EmailField(_("e-mail address"), help_text=_("Lower case: one e-mail per address and key."))
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("notification sent")
        verbose_name_plural = _("notifications sent")
        constraints = [
            models.UniqueConstraint(fields=["email", "key"], name="notification_log_once_per_address_and_key")
        ]
        indexes = [models.Index(fields=["kind", "sent_at"])]

    def __str__(self):
        return f"{self.key} → {self.email}"


class CalendarFeedToken(models.Model):
    """The secret in a person's subscribable calendar URL for one coalition. Only a digest is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="meeting_feed_tokens",
    )
    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalition"), on_delete=models.CASCADE, related_name="+"
    )
    prefix = models.CharField(_("prefix"), max_length=8)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = FeedTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "coalition"],
                condition=Q(revoked_at__isnull=True),
                name="feed_token_one_live_per_user_and_coalition",
            )
        ]

    def __str__(self):
        return f"{self.prefix}… ({self.user}, {self.coalition.short_name})"
