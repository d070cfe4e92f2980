"""Forms of invitations (by name, role, expert group or distribution list) and named registration."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.forms import PortalModelForm
from coalition.models import ExpertGroup, Membership, Participant
from coalition.selectors import current_memberships_q
from meetings import recipients
from meetings.models import Attendance, Contact, DistributionList, Meeting, Registration

__all__ = ["InviteForm", "RegistrationForm"]

ROLE_CHOICES = [
    (Attendance.Role.LEAD, gettext_lazy("All leads")),
    (Attendance.Role.MEMBER, gettext_lazy("All members")),
    (Attendance.Role.OBSERVER, gettext_lazy("All observers")),
    (Attendance.Role.BENEFICIARY, gettext_lazy("The beneficiary")),
    (Attendance.Role.ORGANISATION, gettext_lazy("International organisations")),
]


class InviteForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=gettext_lazy("By role (members on the meeting's date)"),
        choices=ROLE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple(),
    )
    expert_groups = forms.ModelMultipleChoiceField(
        label=gettext_lazy("By expert group"),
        queryset=ExpertGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(),
    )
    distribution_list = forms.ModelChoiceField(
        label=gettext_lazy("By distribution list (its contacts receive the e-mail)"),
        queryset=DistributionList.objects.none(),
        required=False,
    )
    participants = forms.ModelMultipleChoiceField(
        label=gettext_lazy("By name (their delegation is e-mailed; their delegates answer)"),
        queryset=Participant.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(),
    )
    user = forms.ModelChoiceField(
        label=gettext_lazy("A person"), queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args, user=None, coalition=None, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        members = list(
            Membership.objects.filter(current_memberships_q(meeting.local_date), coalition=coalition)
            .select_related("participant")
            .order_by("participant__name")
        )
        invited = set(meeting.invitations.filter(user__isnull=True).values_list("participant_id", flat=True))
        open_members = [m for m in members if m.participant_id not in invited]
        reach = recipients.by_participant(coalition.pk, [m.participant_id for m in open_members])
        roles = {m.participant_id: m.get_role_display() for m in open_members}
        self.unreachable = [m.participant for m in open_members if not reach[m.participant_id]]
        field = self.fields["participants"]
        field.queryset = Participant.objects.filter(pk__in=[m.participant_id for m in open_members]).order_by(
            "name"
        )

        def label(participant):
            text = f"{participant.name} — {roles.get(participant.pk, '')}"
            if not reach.get(participant.pk):
                text += " — " + _("no e-mail would reach it")
            return text

        field.label_from_instance = label
        self.fields["expert_groups"].queryset = ExpertGroup.objects.filter(coalition=coalition).order_by(
            "name"
        )
        self.fields["distribution_list"].queryset = DistributionList.objects.filter(
            coalition=coalition
        ).order_by("name")
        self.fields["user"].queryset = (
            get_user_model().objects.filter(coalition_roles__coalition=coalition).order_by("username")
        )

    def clean(self):
        data = super().clean()
        if not any(
            data.get(name) for name in ("roles", "expert_groups", "distribution_list", "participants", "user")
        ):
            raise forms.ValidationError(_("Choose whom to invite: a role, an expert group, a list or names."))
        return data


class RegistrationForm(PortalModelForm):
    """A delegation registers a person: one of its contacts, or a name typed here."""

    def __init__(self, *args, invitation=None, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = invitation.meeting
        contacts = Contact.objects.none()
        if invitation.participant_id:
            contacts = Contact.objects.filter(
                coalition_id=meeting.coalition_id, participant_id=invitation.participant_id, is_active=True
            ).order_by("name")
        self.fields["contact"].queryset = contacts
        self.fields["name"].required = False
        self.fields["name"].help_text = _("Leave empty to use the contact's name.")
        if meeting.format == Meeting.Format.IN_PERSON:
            self.fields["mode"].choices = [(Registration.Mode.IN_PERSON, Registration.Mode.IN_PERSON.label)]
        elif meeting.format == Meeting.Format.VIRTUAL:
            self.fields["mode"].choices = [(Registration.Mode.ONLINE, Registration.Mode.ONLINE.label)]
            for name in ("needs_badge", "needs_visa_letter"):
                del self.fields[name]
        self.fields["mode"].widget = forms.RadioSelect(choices=self.fields["mode"].choices)

    def clean(self):
        data = super().clean()
        if not data.get("contact") and not data.get("name"):
            self.add_error("name", _("Choose a contact or type a name."))
        return data

    class Meta:
        model = Registration
        fields = ["contact", "name", "function", "email", "mode", "needs_badge", "needs_visa_letter", "note"]
