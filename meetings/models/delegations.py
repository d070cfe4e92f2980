"""Delegations as people: the contacts of each participant's delegation, and the distribution lists that
invitations and circulations go to.

A contact is a person, not necessarily a portal user: the head of a delegation may never sign in yet must
receive the invitation. A contact may be linked to the portal account of the same person.
"""

from django.conf import global_settings, settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models import Coalition, ExpertGroup, Participant, Sourced, Timestamped
from coalition.querysets import CoalitionScopedQuerySet
from meetings.querysets import ContactQuerySet

LANGUAGE_CHOICES = sorted(global_settings.LANGUAGES, key=lambda pair: pair[1])
phone_validator = RegexValidator(
    r"^\+?[0-9 ()./-]{4,40}$",
    _("A telephone number: digits, spaces and + ( ) . / - only, e.g. +372 717 0000."),
)


class Contact(Timestamped, Sourced):
    """A member of a participant's delegation to a coalition: head, member or adviser."""

    class DelegationRole(models.TextChoices):
        HEAD = "head", _("Head of delegation")
        MEMBER = "member", _("Member of the delegation")
        ADVISER = "adviser", _("Adviser")

    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalition"), on_delete=models.CASCADE, related_name="contacts"
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("delegation of"), on_delete=models.PROTECT, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(
        _("function"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Director of Armaments, Ministry of Defence."),
    )
    delegation_role = models.CharField(
        _("role in the delegation"),
        max_length=16,
        choices=DelegationRole.choices,
        default=DelegationRole.MEMBER,
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True, validators=[phone_validator])
    language = models.CharField(
        _("language of correspondence"), max_length=8, choices=LANGUAGE_CHOICES, default="en"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal account"),
        on_delete=models.SET_NULL,
        related_name="meeting_contacts",
        null=True,
        blank=True,
        help_text=_("The same person's account in the portal, if they have one."),
    )
    is_active = models.BooleanField(
        _("in the delegation"), default=True, help_text=_("Untick when the person leaves the delegation.")
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    history = HistoricalRecords()
    objects = ContactQuerySet.as_manager()
    owner_lookup = "participant"
    delegate_actions = frozenset({"add", "change", "delete"})  # a delegation keeps its own list

    class Meta:
        ordering = ["coalition", "participant__name", "delegation_role", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "coalition",
                condition=~Q(email=""),
                name="contact_unique_email_per_coalition",
                violation_error_message=_("Another contact of this coalition has this e-mail address."),
            ),
            models.UniqueConstraint(
                fields=["coalition", "participant"],
                condition=Q(delegation_role="head", is_active=True),
                name="contact_one_head_per_delegation",
                violation_error_message=_("This delegation already has a head of delegation."),
            ),
            models.UniqueConstraint(
                fields=["coalition", "user"],
                condition=Q(user__isnull=False),
                name="contact_one_per_user_and_coalition",
                violation_error_message=_("This portal account is already linked to another contact."),
            ),
        ]
        indexes = [models.Index(fields=["coalition", "participant", "is_active"])]

    def __str__(self):
        return f"{self.name} ({self.participant.code})"

    @property
    def address(self) -> str:
        """Where e-mail goes: the contact's own address, else that of the linked portal account."""
        return self.email or (self.user.email if self.user_id else "")


class DistributionList(Timestamped, Sourced):
    """A named audience: contacts chosen by rule (roles in the coalition, roles in the delegation, an expert
    group) plus contacts added by name. Empty rules mean "no restriction" on that rule."""

    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalition"), on_delete=models.CASCADE, related_name="distribution_lists"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.CharField(_("description"), max_length=500, blank=True)
    membership_roles = models.JSONField(
        _("participants with these roles"),
        default=list,
        blank=True,
        help_text=_("e.g. lead and member for 'all members'; observer for 'all observers'. Empty: any role."),
    )
    delegation_roles = models.JSONField(
        _("contacts with these roles in their delegation"),
        default=list,
        blank=True,
        help_text=_("e.g. head for 'all heads of delegation'. Empty: everyone in the delegation."),
    )
    expert_group = models.ForeignKey(
        ExpertGroup,
        verbose_name=_("members of the expert group"),
        on_delete=models.PROTECT,
        related_name="distribution_lists",
        null=True,
        blank=True,
    )
    extra_contacts = models.ManyToManyField(
        Contact, verbose_name=_("also these contacts"), related_name="distribution_lists", blank=True
    )
    is_rule_based = models.BooleanField(
        _("chosen by rule"),
        default=True,
        help_text=_("Untick for a list of only the contacts added by name."),
    )

    history = HistoricalRecords(m2m_fields=[extra_contacts])
    objects = CoalitionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["coalition", "name"]
        verbose_name = _("distribution list")
        verbose_name_plural = _("distribution lists")
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "name"],
                name="distribution_list_unique_name",
                violation_error_message=_("A distribution list with this name already exists."),
            )
        ]

    def __str__(self):
        return self.name
