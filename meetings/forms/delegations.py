"""Forms of the delegation pages: contacts, their CSV import, distribution lists."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from coalition.forms import PortalModelForm
from coalition.models import ExpertGroup, Membership, Participant
from coalition.permissions import role_in
from meetings.models import Contact, DistributionList

__all__ = ["ContactForm", "ContactImportForm", "DistributionListForm"]


class ContactForm(PortalModelForm):
    """The delegation is chosen when the contact is added (a delegate adds only to their own)."""

    def __init__(self, *args, coalition=None, **kwargs):
        super().__init__(*args, **kwargs)
        participants = Participant.objects.filter(
            pk__in=Membership.objects.filter(coalition=coalition).values("participant_id")
        ).order_by("name")
        role = role_in(self.user, coalition.pk) if self.user is not None else None
        if role is not None and role.kind == "delegate":
            participants = participants.filter(pk=role.participant_id)
        if self.instance.pk:
            del self.fields["participant"]
        else:
            self.fields["participant"].queryset = participants
            if participants.count() == 1:
                self.fields["participant"].initial = participants.first()
        self.fields["user"].queryset = (
            get_user_model().objects.filter(coalition_roles__coalition=coalition).order_by("username")
        )
        self.fields["language"].initial = self.fields["language"].initial or "en"

    class Meta:
        model = Contact
        fields = [
            "participant",
            "name",
            "function",
            "delegation_role",
            "email",
            "phone",
            "language",
            "user",
            "is_active",
            "note",
        ]


class ContactImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: participant (code, e.g. EE), name, and optionally function, delegation_role "
            "(head, member, adviser), email, phone, language (e.g. en, uk), is_active (yes/no), note. "
            "The export has this shape."
        ),
    )
    dry_run = forms.BooleanField(label=_("Only check the file (write nothing)"), required=False, initial=True)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class DistributionListForm(PortalModelForm):
    membership_roles = forms.MultipleChoiceField(
        label=_("Participants with these roles (none ticked: any role)"),
        choices=Membership.Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(),
    )
    delegation_roles = forms.MultipleChoiceField(
        label=_("Contacts with these roles in their delegation (none ticked: everyone)"),
        choices=Contact.DelegationRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(),
    )

    def __init__(self, *args, coalition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert_group"].queryset = ExpertGroup.objects.filter(coalition=coalition).order_by(
            "name"
        )
        contacts = Contact.objects.filter(coalition=coalition, is_active=True).select_related("participant")
        self.fields["extra_contacts"].queryset = contacts.order_by("participant__name", "name")
        self.fields["extra_contacts"].label_from_instance = lambda c: f"{c.name} — {c.participant.name}"

    class Meta:
        model = DistributionList
        fields = [
            "name",
            "description",
            "is_rule_based",
            "membership_roles",
            "delegation_roles",
            "expert_group",
            "extra_contacts",
        ]
        widgets = {"extra_contacts": forms.CheckboxSelectMultiple()}
