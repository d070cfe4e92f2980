"""Forms parse input; the services validate it (their errors are shown beside the fields)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coalition.forms import DateInput, PortalModelForm
from coalition.models import Participant
from contributions.currencies import COMMON, ISO_4217
from contributions.models import Disbursement, FxRate, Pledge, PledgeReview, ReportedTotal
from meetings.models import Meeting

CURRENCY_CHOICES = [(c, c) for c in COMMON] + [(c, c) for c in sorted(ISO_4217 - set(COMMON))]


class CurrencyField(forms.ChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Currency"))
        kwargs.setdefault("help_text", _("ISO 4217 code."))
        super().__init__(choices=CURRENCY_CHOICES, **kwargs)


class PledgeForm(PortalModelForm):
    """Edit a pledge's figures and details. Status changes are transitions (PledgeTransitionForm)."""

    currency = CurrencyField(initial="EUR")

    class Meta:
        model = Pledge
        fields = [
            "donor",
            "kind",
            "amount",
            "currency",
            "announced_on",
            "announced_at",
            "purpose",
            "conditions",
            "source",
            "is_illustrative",
            "note",
            "external_reference",
        ]
        widgets = {
            "announced_on": DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "conditions": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, coalition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.coalition = coalition
        self.fields["donor"].queryset = (
            Participant.objects.filter(memberships__coalition=coalition).distinct().order_by("name")
        )
        self.fields["announced_at"].queryset = Meeting.objects.filter(coalition=coalition).order_by(
            "starts_at"
        )
        self.fields["amount"].widget.attrs.update({"inputmode": "decimal", "step": "0.01", "min": "0.01"})


class PledgeCreateForm(PledgeForm):
    field_order = [
        "donor",
        "kind",
        "amount",
        "currency",
        "announced_on",
        "announced_at",
        "status",
        "status_on",
    ]

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (s.value, s.label)
            for s in (Pledge.Status.ANNOUNCED, Pledge.Status.CONFIRMED, Pledge.Status.COMMITTED)
        ],
        initial=Pledge.Status.ANNOUNCED,
        help_text=_("A pledge recorded later in its life can start confirmed or committed."),
    )
    status_on = forms.DateField(
        label=_("Status since"),
        required=False,
        widget=DateInput(),
        help_text=_("When it was confirmed or committed (default: the announcement date)."),
    )

    def clean(self):
        """The service's rules run with the form's: every problem shows in one answer (a field that already
        has an error is not checked twice)."""
        cleaned = super().clean()
        if self.coalition is None:
            return cleaned
        from contributions.services import pledge_problems

        given = {
            name: cleaned.get(name)
            for name in ("donor", "currency", "amount", "announced_on", "announced_at", "status", "status_on")
            if name not in self.errors
        }
        for name, messages in pledge_problems(self.coalition, **given).items():
            if name in self.errors:
                continue
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        return cleaned


class PledgeTransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"))
    on = forms.DateField(
        label=_("Effective on"), widget=DateInput(), required=False, help_text=_("Default: today.")
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, user=None, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = choices


class DisbursementForm(PortalModelForm):
    """A payment in any currency: in another than the pledge's it is converted at the reference rates of its
    date (the service does it and says when a rate is missing)."""

    currency = CurrencyField(label=_("Currency paid"), required=False)

    class Meta:
        model = Disbursement
        fields = [
            "amount",
            "currency",
            "paid_on",
            "reference",
            "external_reference",
            "source",
            "is_illustrative",
            "note",
            "overpayment_reason",
        ]
        widgets = {
            "paid_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
            "overpayment_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, pledge=None, **kwargs):
        super().__init__(*args, **kwargs)
        if pledge is not None:
            self.fields["currency"].initial = pledge.currency
            self.fields["currency"].help_text = _(
                "The pledge is in %(currency)s. A payment in another currency is converted at the ECB "
                "reference rates of its date; both amounts are kept."
            ) % {"currency": pledge.currency}
        self.fields["amount"].widget.attrs.update({"inputmode": "decimal", "step": "0.01", "min": "0.01"})


class ReviewConfirmForm(forms.Form):
    """The figures the delegate saw travel with the form, so a stale page cannot confirm changed figures."""

    amount = forms.CharField(widget=forms.HiddenInput, required=False)
    currency = forms.CharField(widget=forms.HiddenInput)
    status = forms.CharField(widget=forms.HiddenInput)
    paid = forms.CharField(widget=forms.HiddenInput, required=False)
    comment = forms.CharField(
        label=_("Comment (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def seen(self) -> dict:
        data = self.cleaned_data
        return {
            "amount": data["amount"] or None,
            "currency": data["currency"],
            "status": data["status"],
            "paid": data["paid"] or None,
        }


class ReviewDisputeForm(forms.Form):
    comment = forms.CharField(
        label=_("What is wrong with these figures?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,  # the service requires it and says so
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class ConfirmForm(forms.Form):
    """A confirmation step with no fields (deleting something)."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class PledgeImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[("pledges", _("Pledges")), ("payments", _("Payments"))],
        initial="pledges",
        required=False,  # pledges when not said (a client that posts only the file)
    )
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "Pledges: donor (code), amount (empty if undisclosed), currency, announced_on (YYYY-MM-DD), and "
            "optionally kind, status, status_on, purpose, conditions, meeting (number), source, "
            "is_illustrative, note, external_reference. Payments: pledge_reference (the pledge's external "
            "reference) or pledge_id, amount, paid_on, and optionally currency, reference, "
            "external_reference, note, source, is_illustrative, overpayment_reason. A row whose "
            "external_reference is already known updates that record; any other row records a new one."
        ),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def clean_kind(self):
        return self.cleaned_data.get("kind") or "pledges"


class FxRateForm(PortalModelForm):
    currency = CurrencyField()
    confirm_jump = forms.BooleanField(
        label=_("Confirm this rate even if it is far from the previous one"),
        required=False,
        help_text=_("Only after checking it: a rate beyond the sane band is refused otherwise."),
    )

    class Meta:
        model = FxRate
        fields = ["currency", "date", "rate", "source", "published_on"]
        widgets = {"date": DateInput(), "published_on": DateInput()}


class FxRateUploadForm(forms.Form):
    file = forms.FileField(
        label=_("ECB file (CSV or zip)"),
        help_text=_(
            "The ECB's euro reference rates as downloaded: the daily file (eurofxref.csv or .zip), the last "
            "90 days or the full history (eurofxref-hist.csv or .zip)."
        ),
    )
    source = forms.CharField(
        label=_("Source"),
        required=False,
        max_length=200,
        help_text=_("Recorded on each rate (default: the ECB and the file name)."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class ReportedTotalForm(PortalModelForm):
    currency = CurrencyField(initial="EUR")

    class Meta:
        model = ReportedTotal
        fields = [
            "meeting",
            "qualifier",
            "amount",
            "currency",
            "stated_text",
            "source",
            "is_illustrative",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, coalition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(coalition=coalition).order_by("starts_at")


class RecordConfirmationForm(forms.Form):
    """A confirmation given outside the portal, recorded by the secretariat with its evidence."""

    confirmed_by_name = forms.CharField(
        label=_("Confirmed by"),
        max_length=200,
        required=False,
        help_text=_("Name and function of the person who confirmed for the delegation."),
    )
    delegate = forms.ModelChoiceField(
        label=_("Delegate on the portal (if it was one of them)"), queryset=None, required=False
    )
    channel = forms.ChoiceField(
        label=_("Received"),
        choices=[(c.value, c.label) for c in PledgeReview.Channel if c != PledgeReview.Channel.PORTAL],
        initial=PledgeReview.Channel.EMAIL,
    )
    received_on = forms.DateField(label=_("Received on"), widget=DateInput(), required=False)
    evidence = forms.FileField(
        label=_("The e-mail or document"),
        required=False,  # the service requires it and says so
        help_text=_("An e-mail saved from your mail program (.eml, .msg), a PDF, a Word file or a scan."),
    )
    comment = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, user=None, pledge=None, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        from coalition.models import UserRole

        delegates = UserRole.objects.filter(
            coalition_id=pledge.coalition_id, kind=UserRole.Kind.DELEGATE, participant_id=pledge.donor_id
        ).values("user_id")
        self.fields["delegate"].queryset = (
            get_user_model().objects.filter(pk__in=delegates).order_by("username")
        )
