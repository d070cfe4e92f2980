"""Status summaries: a job that computes one coalition's figures, and the snapshot it keeps."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coalition.models import Coalition, Timestamped
from coalition.querysets import CoalitionScopedQuerySet


class SummaryJob(Timestamped):
    """One request for a summary, whatever triggered it; its state is kept from queueing to the end."""

    class Trigger(models.TextChoices):
        ON_DEMAND = "on_demand", _("On demand")
        SCHEDULE = "schedule", _("Schedule")
        CHANGE = "change", _("After a change")
        BRIEFING = "briefing", _("Briefing pack")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="summary_jobs")
    trigger = models.CharField(_("trigger"), max_length=16, choices=Trigger.choices)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, null=True, blank=True, related_name="summary_jobs"
    )

    objects = CoalitionScopedQuerySet.as_manager()
    secretariat_actions = frozenset({"add"})
    delegate_actions = frozenset()

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["coalition", "state"])]
        verbose_name = _("summary job")
        verbose_name_plural = _("summary jobs")

    def __str__(self):
        return f"{self.get_trigger_display()} summary of {self.coalition_id} ({self.state})"


class StatusSnapshot(Timestamped):
    """The figures of one coalition at one moment (`data_as_of`). Never changed after it is written.

    The latest snapshot is the one whose data is the most recent: a briefing pack rebuilt today for a past
    meeting writes a snapshot of that day's figures, which does not become "the latest"."""

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="snapshots")
    generated_at = models.DateTimeField(_("generated at"))
    data_as_of = models.DateTimeField(_("data as of"))
    payload = models.JSONField(_("figures"))
    schema_version = models.PositiveSmallIntegerField(
        _("schema version"), help_text=_("The layout of the figures (see summaries.payload).")
    )
    job = models.OneToOneField(
        SummaryJob, on_delete=models.SET_NULL, null=True, blank=True, related_name="snapshot"
    )
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))

    objects = CoalitionScopedQuerySet.as_manager()
    secretariat_actions = frozenset()

    class Meta:
        ordering = ["-data_as_of", "-generated_at"]
        get_latest_by = ["data_as_of", "generated_at"]
        indexes = [
            models.Index(fields=["coalition", "-generated_at"]),
            models.Index(fields=["coalition", "-data_as_of", "-generated_at"], name="snapshot_latest_data"),
        ]
        verbose_name = _("status snapshot")
        verbose_name_plural = _("status snapshots")

    def __str__(self):
        return f"Snapshot of {self.coalition_id} at {self.generated_at:%Y-%m-%d %H:%M}"


class BriefingPack(models.Model):
    """What the steering group reads before a meeting: the summary as of the build, what changed since the
    previous meeting, the open action items and the agenda, frozen when the pack was built."""

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="briefing_packs")
    snapshot = models.ForeignKey(StatusSnapshot, on_delete=models.PROTECT, related_name="+")
    previous_snapshot = models.ForeignKey(
        StatusSnapshot,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The summary as it stood at the previous meeting, for 'what changed since'."),
    )
    agenda = models.JSONField(_("agenda"), default=list)
    action_items = models.JSONField(_("open action items"), default=list)
    action_items_count = models.PositiveIntegerField(
        _("open action items in all"),
        null=True,
        blank=True,
        help_text=_("How many were open; the list keeps the most pressing. Empty: every one is listed."),
    )
    generated_at = models.DateTimeField(_("generated at"), auto_now_add=True)

    objects = CoalitionScopedQuerySet.as_manager()
    coalition_lookup = "meeting__coalition"
    secretariat_actions = frozenset({"add"})

    class Meta:
        ordering = ["-generated_at"]
        get_latest_by = "generated_at"
        verbose_name = _("briefing pack")
        verbose_name_plural = _("briefing packs")

    def __str__(self):
        return f"Briefing pack for {self.meeting} ({self.generated_at:%Y-%m-%d %H:%M})"
