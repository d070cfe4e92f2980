"""Named registration: who of a delegation comes to a meeting, in person or online, with what they need."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models import Timestamped
from coalition.querysets import CoalitionScopedQuerySet
from meetings.models.delegations import Contact
from meetings.models.meeting import Invitation


class Registration(Timestamped):
    """One person registered under an invitation (a delegation's, or a person's own)."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    invitation = models.ForeignKey(
        Invitation, verbose_name=_("invitation"), on_delete=models.CASCADE, related_name="registrations"
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        on_delete=models.SET_NULL,
        related_name="registrations",
        null=True,
        blank=True,
        help_text=_("A member of the delegation's contact list; or type the name below."),
    )
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    mode = models.CharField(_("attends"), max_length=16, choices=Mode.choices, default=Mode.IN_PERSON)
    needs_badge = models.BooleanField(_("needs a badge"), default=False)
    needs_visa_letter = models.BooleanField(_("needs a visa support letter"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True, help_text=_("Dietary or access needs..."))
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now, editable=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )

    history = HistoricalRecords()
    objects = CoalitionScopedQuerySet.as_manager()
    coalition_lookup = "invitation__meeting__coalition"
    owner_lookup = "invitation__participant"
    delegate_actions = frozenset({"add", "change", "delete"})  # a delegation registers its own people

    class Meta:
        ordering = ["invitation", "name"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "invitation",
                name="registration_unique_name",
                violation_error_message=_("This person is already registered."),
            ),
            models.UniqueConstraint(
                fields=["invitation", "contact"],
                condition=Q(contact__isnull=False),
                name="registration_unique_contact",
                violation_error_message=_("This contact is already registered."),
            ),
            models.CheckConstraint(
                condition=Q(mode="in_person") | Q(needs_badge=False, needs_visa_letter=False),
                name="registration_badge_and_visa_in_person_only",
                violation_error_message=_("Badges and visa letters are for those who come in person."),
            ),
        ]

    def __str__(self):
        return f"{self.name} — {self.invitation}"
