"""Forms parse input only; the services validate and decide."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.forms import DateInput, PortalModelForm
from coalition.models import Membership, Participant
from meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Invitation,
    Meeting,
    NotificationKind,
)

__all__ = [
    "ActionItemForm",
    "ActionItemProgressForm",
    "ActionItemTransitionForm",
    "AgendaItemForm",
    "AttendanceForm",
    "DateTimeInput",
    "DecisionForm",
    "HttpsURLField",
    "MeetingCancelForm",
    "MeetingForm",
    "MinutesApproveForm",
    "MinutesCirculateForm",
    "MinutesCompareForm",
    "MinutesForm",
    "NotificationPreferencesForm",
    "RsvpForm",
]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _coalition_participants(coalition):
    return Participant.objects.filter(
        pk__in=Membership.objects.filter(coalition=coalition).values("participant_id")
    ).order_by("name")


def _coalition_users(coalition):
    return get_user_model().objects.filter(coalition_roles__coalition=coalition).order_by("username")


class HttpsURLField(forms.URLField):
    """A link typed without a scheme is https (Django 6's default, chosen now)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class MeetingForm(PortalModelForm):
    def __init__(self, *args, coalition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chairs"].queryset = _coalition_participants(coalition)
        self.fields["number"].required = False
        self.fields["number"].help_text = _("Leave empty for the next number in the series.")
        zone = timezone.get_current_timezone_name()
        for name in ("starts_at", "ends_at"):
            self.fields[name].help_text = _("Local time (%(zone)s).") % {"zone": zone}
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
        if self.instance.pk and self.instance.status == Meeting.Status.HELD:
            for name in ("starts_at", "ends_at"):  # the service refuses a change; the form does not offer one
                self.fields[name].disabled = True
                self.fields[name].help_text = _("A held meeting keeps its dates.")

    class Meta:
        model = Meeting
        fields = [
            "number",
            "title",
            "starts_at",
            "ends_at",
            "format",
            "place",
            "address",
            "online_url",
            "chairs",
            "summary",
            "source",
            "is_illustrative",
        ]
        field_classes = {"online_url": HttpsURLField}
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "chairs": forms.CheckboxSelectMultiple(),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }


class MeetingCancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason (sent to invitees)"), max_length=500, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class RsvpForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (Invitation.Response.ATTENDING, Invitation.Response.ATTENDING.label),
            (Invitation.Response.APOLOGIES, Invitation.Response.APOLOGIES.label),
        ],
        widget=forms.RadioSelect(),
    )
    persons = forms.IntegerField(label=_("Number of persons"), min_value=0, required=False, initial=1)
    note = forms.CharField(label=_("Note to the secretariat"), max_length=500, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class AttendanceForm(forms.Form):
    """The participants present. Each choice shows the role on the meeting's date (or that there was none)."""

    participants = forms.ModelMultipleChoiceField(
        label=_("Present"),
        queryset=Participant.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(),
    )
    source = forms.CharField(label=_("Source"), max_length=500, required=False)
    is_illustrative = forms.BooleanField(label=_("Illustrative (not stated by any source)"), required=False)

    def __init__(self, *args, user=None, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        roles = roles or {}
        labels = dict(Attendance.Role.choices)
        field = self.fields["participants"]
        field.queryset = Participant.objects.visible_to(user).order_by("name")

        def label(participant):
            role = roles.get(participant.pk)
            suffix = labels[role] if role else _("not a member on that date")
            return f"{participant.name} — {suffix}"

        field.label_from_instance = label


class AgendaItemForm(PortalModelForm):
    position = forms.IntegerField(label=_("Position"), min_value=1, required=False)

    def __init__(self, *args, coalition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = _coalition_participants(coalition)
        self.fields["position"].help_text = _("1 is first. Leave empty to add at the end.")
        if self.instance.pk:
            self.fields["position"].initial = self.instance.position

    class Meta:
        model = AgendaItem
        fields = ["title", "description", "presenter", "presenter_name", "duration_minutes"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class DecisionForm(PortalModelForm):
    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("position")
        self.fields["related_pledges"].queryset = meeting.coalition.pledges.select_related("donor").order_by(
            "donor__name", "announced_on"
        )
        self.fields["related_roadmap_items"].queryset = meeting.coalition.roadmap_items.order_by(
            "planned_year", "priority"
        )

    class Meta:
        model = Decision
        fields = [
            "text",
            "agenda_item",
            "related_pledges",
            "related_roadmap_items",
            "source",
            "is_illustrative",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class ActionItemForm(PortalModelForm):
    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        coalition = meeting.coalition
        self.fields["owner_participant"].queryset = _coalition_participants(coalition)
        self.fields["owner_user"].queryset = _coalition_users(coalition)
        self.fields["follow_up_meeting"].queryset = Meeting.objects.filter(
            coalition=coalition, starts_at__gt=meeting.starts_at
        ).order_by("starts_at")
        self.fields["decision"].queryset = meeting.decisions.order_by("number")

    class Meta:
        model = ActionItem
        fields = [
            "title",
            "description",
            "owner_participant",
            "owner_user",
            "due_on",
            "follow_up_meeting",
            "decision",
            "source",
            "is_illustrative",
        ]
        widgets = {"due_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}


class ActionItemProgressForm(forms.Form):
    progress_note = forms.CharField(
        label=_("Progress"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("Where the work stands: what is done, what comes next, what is in the way."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class ActionItemTransitionForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class MinutesForm(forms.Form):
    text = forms.CharField(label=_("Minutes"), strip=False, widget=forms.Textarea(attrs={"rows": 18}))
    comment = forms.CharField(label=_("What changed in this revision"), max_length=300, required=False)
    comments_due_on = forms.DateField(label=_("Comments due on"), required=False, widget=DateInput())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class MinutesCirculateForm(forms.Form):
    comments_due_on = forms.DateField(label=_("Comments due on"), required=False, widget=DateInput())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class MinutesApproveForm(forms.Form):
    approved_at_meeting = forms.ModelChoiceField(label=_("Approved at"), queryset=Meeting.objects.none())

    def __init__(self, *args, user=None, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_at_meeting"].queryset = meetings


class MinutesCompareForm(forms.Form):
    old = forms.IntegerField(label=_("Compare revision"), min_value=1)
    new = forms.IntegerField(label=_("with revision"), min_value=1)


class NotificationPreferencesForm(forms.Form):
    def __init__(self, *args, user=None, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in NotificationKind.choices:
            self.fields[kind] = forms.BooleanField(
                label=label, required=False, initial=(current or {}).get(kind, True)
            )
