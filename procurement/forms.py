"""Forms of the roadmap pages. They parse input only; the services validate and decide."""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from coalition.forms import DateInput, PortalModelForm
from coalition.models import ExpertGroup, Participant
from coalition.selectors import current_members
from contributions.currencies import COMMON
from procurement import selectors, services
from procurement.models import Allocation, CapabilityArea, Delivery, Order, RoadmapItem


class CurrencyInput(forms.TextInput):
    """A three-letter code with the usual currencies suggested (any ISO 4217 code is accepted)."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"maxlength": 3, "autocomplete": "off", "list": "currency-codes", **(attrs or {})}
        )

    def render(self, name, value, attrs=None, renderer=None):
        options = format_html_join("", '<option value="{}"></option>', ((code,) for code in COMMON))
        return format_html(
            '{}<datalist id="currency-codes">{}</datalist>',
            super().render(name, value, attrs, renderer),
            options,
        )


class CapabilityAreaForm(PortalModelForm):
    class Meta:
        model = CapabilityArea
        fields = ["name", "description", "position"]


class RoadmapItemForm(PortalModelForm):
    planned_quarter = forms.TypedChoiceField(
        label=_("Planned quarter"),
        choices=[("", _("During the year")), (1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")],
        coerce=int,
        empty_value=None,
        required=False,
    )

    class Meta:
        model = RoadmapItem
        fields = [
            "title",
            "description",
            "capability_area",
            "priority",
            "planned_year",
            "planned_quarter",
            "expert_group",
            "lead",
            "estimated_cost_low",
            "estimated_cost_high",
            "currency",
            "estimated_on",
            "quantity",
            "unit",
            "note",
            "source",
            "is_illustrative",
        ]
        widgets = {
            "estimated_on": DateInput(),
            "currency": CurrencyInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, coalition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capability_area"].queryset = CapabilityArea.objects.filter(coalition=coalition)
        self.fields["expert_group"].queryset = ExpertGroup.objects.filter(coalition=coalition)
        self.fields["lead"].queryset = Participant.objects.filter(
            pk__in=current_members(coalition).values("participant_id")
        ).order_by("name")
        self.fields["estimated_on"].required = False


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Move to"))
    on = forms.DateField(label=_("On"), widget=DateInput(), required=False, help_text=_("Default: today."))
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        help_text=_("Required for a cancellation: the reason."),
    )

    def __init__(self, *args, user=None, roadmap_item=None, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(RoadmapItem.Status.choices)
        self.fields["to_status"].choices = [
            (status, labels[status]) for status in services.allowed_transitions(roadmap_item)
        ]


class AllocationForm(PortalModelForm):
    class Meta:
        model = Allocation
        fields = ["pledge", "roadmap_item", "amount", "note"]

    def __init__(self, *args, coalition=None, roadmap_item=None, pledge=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The chosen pledge is offered even when it cannot take more: the service then says why.
        pledges = selectors.allocatable_pledges(self.user, coalition, include=pledge)
        self.fields["pledge"].queryset = pledges
        self.fields["pledge"].label_from_instance = self.pledge_label
        self.fields["roadmap_item"].queryset = (
            RoadmapItem.objects.filter(coalition=coalition)
            .exclude(status__in=[RoadmapItem.Status.CANCELLED, RoadmapItem.Status.CLOSED])
            .order_by("planned_year", "priority")
        )
        self.fields["amount"].help_text = _("In the pledge's currency.")
        if roadmap_item is not None:
            del self.fields["roadmap_item"]

    @staticmethod
    def pledge_label(pledge):
        figure = f"{pledge.amount:,.2f} {pledge.currency}" if pledge.amount is not None else _("undisclosed")
        label = f"{pledge.donor.name}: {figure} ({pledge.announced_on}, {pledge.get_status_display()})"
        unallocated = getattr(pledge, "unallocated", None)
        if unallocated is not None:
            label += " — " + str(_("%(amount)s unallocated")) % {"amount": f"{unallocated:,.2f}"}
        return label


class AllocationEditForm(PortalModelForm):
    class Meta:
        model = Allocation
        fields = ["amount", "note"]


class OrderForm(PortalModelForm):
    class Meta:
        model = Order
        fields = [
            "supplier",
            "contract_reference",
            "value",
            "currency",
            "ordered_on",
            "quantity",
            "note",
            "source",
            "is_illustrative",
        ]
        widgets = {
            "ordered_on": DateInput(),
            "currency": CurrencyInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }


class DeliveryForm(PortalModelForm):
    class Meta:
        model = Delivery
        fields = ["quantity", "expected_on", "delivered_on", "note", "source", "is_illustrative"]
        widgets = {"expected_on": DateInput(), "delivered_on": DateInput()}


class ConfirmForm(forms.Form):
    """An empty form: the POST itself is the confirmation."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
