"""What a user may do in a coalition (their role) and the settings kept with their account."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models.registry import Coalition, Participant


class UserRole(models.Model):
    """What a user may do in one coalition. Checked only through coalition.permissions."""

    class Kind(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretariat")
        DELEGATE = "delegate", _("Delegate")
        OBSERVER = "observer", _("Observer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="coalition_roles",
    )
    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalition"), on_delete=models.CASCADE, related_name="user_roles"
    )
    kind = models.CharField(_("role"), max_length=16, choices=Kind.choices)
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant represented"),
        on_delete=models.PROTECT,
        related_name="delegates",
        null=True,
        blank=True,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("user role")
        verbose_name_plural = _("user roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "coalition"], name="user_role_one_per_coalition"),
            models.CheckConstraint(
                condition=Q(kind="delegate", participant__isnull=False)
                | (~Q(kind="delegate") & Q(participant__isnull=True)),
                name="user_role_delegate_has_participant",
                violation_error_message=_("A delegate represents exactly one participant; other roles none."),
            ),
        ]

    def __str__(self):
        suffix = f" ({self.participant.code})" if self.participant_id else ""
        return f"{self.user} — {self.get_kind_display()}{suffix} in {self.coalition.short_name}"


class UserPreference(models.Model):
    """A user's own settings kept with the account: the language chosen with the switcher follows them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="preference"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("user preference")
        verbose_name_plural = _("user preferences")

    def __str__(self):
        return f"{self.user}: {self.language}"
