"""Forms of written procedures: the draft, its circulation with a deadline, breaking silence."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.forms import PortalModelForm
from coalition.models import Participant
from coalition.permissions import role_in
from meetings.forms.meetings import DateTimeInput
from meetings.models import DistributionList, WrittenProcedure

__all__ = ["BreakSilenceForm", "ProcedureCirculateForm", "ProcedureForm", "ProcedureWithdrawForm"]

_DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class ProcedureForm(PortalModelForm):
    def __init__(self, *args, coalition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["distribution_list"].queryset = DistributionList.objects.filter(
            coalition=coalition
        ).order_by("name")
        self.fields["related_pledges"].queryset = coalition.pledges.select_related("donor").order_by(
            "donor__name", "announced_on"
        )
        self.fields["related_roadmap_items"].queryset = coalition.roadmap_items.order_by(
            "planned_year", "priority"
        )
        self.fields["deadline"].input_formats = _DATETIME_FORMATS
        self.fields["deadline"].help_text = _("Local time (%(zone)s); can also be set when circulating.") % {
            "zone": timezone.get_current_timezone_name()
        }

    class Meta:
        model = WrittenProcedure
        fields = [
            "title",
            "draft_decision",
            "rationale",
            "deadline",
            "distribution_list",
            "related_pledges",
            "related_roadmap_items",
            "source",
            "is_illustrative",
        ]
        widgets = {
            "draft_decision": forms.Textarea(attrs={"rows": 6}),
            "rationale": forms.Textarea(attrs={"rows": 4}),
            "deadline": DateTimeInput(),
        }


class ProcedureCirculateForm(forms.Form):
    deadline = forms.DateTimeField(
        label=_("Silence until"), input_formats=_DATETIME_FORMATS, widget=DateTimeInput()
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].help_text = _("Local time (%(zone)s); at least an hour from now.") % {
            "zone": timezone.get_current_timezone_name()
        }


class BreakSilenceForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    participant = forms.ModelChoiceField(
        label=_("On behalf of the delegation"),
        queryset=Participant.objects.none(),
        required=False,
        help_text=_("For a break received by e-mail."),
    )

    def __init__(self, *args, user=None, procedure=None, **kwargs):
        super().__init__(*args, **kwargs)
        role = role_in(user, procedure.coalition_id) if user is not None else None
        if role is not None and role.kind == "delegate":
            del self.fields["participant"]
        else:
            from meetings.services import silence_keepers

            self.fields["participant"].queryset = silence_keepers(procedure)
            self.fields["participant"].required = True


class ProcedureWithdrawForm(forms.Form):
    note = forms.CharField(label=_("Why (sent to the delegations)"), max_length=500, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
