from django import forms
from django.utils.translation import gettext_lazy as _

from coalition.amounts import localise_amounts
from coalition.models import Coalition, ExpertGroup, Membership, Participant
from coalition.selectors import current_members


class PortalModelForm(forms.ModelForm):
    """A ModelForm that only parses input. Rules and model validation run in the service, once."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        localise_amounts(self)  # amounts typed and shown per the active language (issue 13)

    def _post_clean(self):
        pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class CoalitionForm(PortalModelForm):
    class Meta:
        model = Coalition
        fields = ["name", "short_name", "description", "beneficiary", "founded_on"]
        widgets = {"founded_on": DateInput()}


class ParticipantForm(PortalModelForm):
    class Meta:
        model = Participant
        fields = ["kind", "code", "name"]
        help_texts = {"name": _("Leave empty for a state to use its English short name.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False


class MembershipForm(PortalModelForm):
    def __init__(self, *args, coalition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = Participant.objects.visible_to(self.user).order_by("name")

    class Meta:
        model = Membership
        fields = ["participant", "role", "joined_on", "left_on", "note", "source", "is_illustrative"]
        widgets = {"joined_on": DateInput(), "left_on": DateInput()}


class MembershipRoleChangeForm(forms.Form):
    role = forms.ChoiceField(label=_("New role"), choices=Membership.Role.choices)
    on = forms.DateField(label=_("From"), widget=DateInput(), help_text=_("First day of the new role."))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    source = forms.CharField(label=_("Source"), max_length=500, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class MembershipEndForm(forms.Form):
    left_on = forms.DateField(label=_("Left on"), widget=DateInput())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class ExpertGroupForm(PortalModelForm):
    def __init__(self, *args, coalition=None, **kwargs):
        super().__init__(*args, **kwargs)
        members = Participant.objects.filter(
            pk__in=current_members(coalition).values("participant_id")
        ).order_by("name")
        self.fields["lead"].queryset = members
        self.fields["members"].queryset = members

    class Meta:
        model = ExpertGroup
        fields = ["name", "description", "lead", "members", "created_on", "source", "is_illustrative"]
        widgets = {"created_on": DateInput(), "members": forms.CheckboxSelectMultiple()}


class ParticipantProposalForm(forms.Form):
    participant_kind = forms.ChoiceField(label=_("Kind"), choices=Participant.Kind.choices)
    code = forms.CharField(
        label=_("Code"),
        max_length=12,
        help_text=_("ISO 3166-1 alpha-2 code for a state (EE), an acronym for an organisation (NATO)."),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("Leave empty for a state to use its English short name."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class RenameProposalForm(forms.Form):
    name = forms.CharField(label=_("New name"), max_length=200)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class FxRateProposalForm(forms.Form):
    currency = forms.CharField(label=_("Currency"), max_length=3, help_text=_("ISO 4217 code, e.g. USD."))
    date = forms.DateField(label=_("Date"), widget=DateInput())
    rate = forms.DecimalField(
        label=_("Units per euro"),
        max_digits=20,
        decimal_places=8,
        help_text=_("How many units of the currency one euro buys on that date (the ECB layout)."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The source of the rate, e.g. the ECB reference rate of that day."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class ProposalDecisionForm(forms.Form):
    ACCEPT, REJECT = "accept", "reject"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(ACCEPT, _("Accept: write the record now")), (REJECT, _("Reject"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when rejecting: the proposing secretariat reads it."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class ConfirmForm(forms.Form):
    """A POST with nothing to fill in (withdraw, unlock...): the button is the form."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
