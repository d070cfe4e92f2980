"""One FilterSet per model, used by the list pages and the API endpoints alike."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coalition.forms import DateInput
from coalition.models import Coalition, Participant
from contributions.currencies import normalise_currency
from contributions.models import Disbursement, FxRate, Pledge, ReportedTotal
from meetings.models import Meeting


def _yes_no():
    return forms.Select(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))])


def _user(request):
    return getattr(request, "user", None)


class PledgeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    coalition = django_filters.ModelChoiceFilter(queryset=Coalition.objects.all(), label=_("Coalition"))
    donor = django_filters.ModelChoiceFilter(queryset=Participant.objects.all(), label=_("Donor"))
    status = django_filters.ChoiceFilter(choices=Pledge.Status.choices, label=_("Status"))
    kind = django_filters.ChoiceFilter(choices=Pledge.Kind.choices, label=_("Kind"))
    currency = django_filters.CharFilter(method="in_currency", label=_("Currency"))
    review_status = django_filters.ChoiceFilter(choices=Pledge.Review.choices, label=_("Review"))
    announced_after = django_filters.DateFilter(
        field_name="announced_on", lookup_expr="gte", label=_("Announced from"), widget=DateInput()
    )
    announced_before = django_filters.DateFilter(
        field_name="announced_on", lookup_expr="lte", label=_("Announced until"), widget=DateInput()
    )
    meeting = django_filters.ModelChoiceFilter(
        field_name="announced_at", queryset=Meeting.objects.all(), label=_("Announced at meeting")
    )
    undisclosed = django_filters.BooleanFilter(
        field_name="amount", lookup_expr="isnull", label=_("Amount undisclosed"), widget=_yes_no()
    )
    is_illustrative = django_filters.BooleanFilter(label=_("Illustrative"), widget=_yes_no())
    ordering = django_filters.OrderingFilter(
        fields=(
            ("announced_on", "announced_on"),
            ("donor__name", "donor"),
            ("amount", "amount"),
            ("amount_eur", "amount_eur"),
            ("paid", "paid"),
            ("outstanding_eur", "outstanding_eur"),
            ("status", "status"),
            ("currency", "currency"),
            ("review_status", "review_status"),
        ),
        field_labels={
            "announced_on": _("Announced on"),
            "donor__name": _("Donor"),
            "amount": _("Amount"),
            "amount_eur": _("Amount in EUR"),
            "paid": _("Paid"),
            "outstanding_eur": _("Outstanding in EUR"),
            "status": _("Status"),
            "currency": _("Currency"),
            "review_status": _("Review"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Pledge
        fields = [
            "q",
            "coalition",
            "donor",
            "status",
            "kind",
            "currency",
            "review_status",
            "announced_after",
            "announced_before",
            "meeting",
            "undisclosed",
            "is_illustrative",
        ]

    def __init__(self, *args, request=None, coalition=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = _user(request)
        self.filters["coalition"].queryset = Coalition.objects.visible_to(user)
        donors = Participant.objects.visible_to(user).order_by("name")
        meetings = Meeting.objects.visible_to(user)
        if coalition is not None:
            donors = donors.filter(memberships__coalition=coalition).distinct()
            meetings = meetings.filter(coalition=coalition)
        self.filters["donor"].queryset = donors
        self.filters["meeting"].queryset = meetings.order_by("starts_at")

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(purpose__icontains=value)
            | Q(conditions__icontains=value)
            | Q(source__icontains=value)
            | Q(note__icontains=value)
            | Q(donor__name__icontains=value)
            | Q(donor__code__iexact=value)
        )

    def in_currency(self, queryset, name, value):
        return queryset.filter(currency=normalise_currency(value))


class DisbursementFilter(django_filters.FilterSet):
    coalition = django_filters.ModelChoiceFilter(
        field_name="pledge__coalition", queryset=Coalition.objects.all(), label=_("Coalition")
    )
    pledge = django_filters.ModelChoiceFilter(queryset=Pledge.objects.all(), label=_("Pledge"))
    donor = django_filters.ModelChoiceFilter(
        field_name="pledge__donor", queryset=Participant.objects.all(), label=_("Donor")
    )
    currency = django_filters.CharFilter(method="in_currency", label=_("Currency"))
    paid_after = django_filters.DateFilter(
        field_name="paid_on", lookup_expr="gte", label=_("Paid from"), widget=DateInput()
    )
    paid_before = django_filters.DateFilter(
        field_name="paid_on", lookup_expr="lte", label=_("Paid until"), widget=DateInput()
    )
    overpayment = django_filters.BooleanFilter(
        method="with_override", label=_("Over-payment override"), widget=_yes_no()
    )
    ordering = django_filters.OrderingFilter(fields=("paid_on", "amount", "currency"), label=_("Sort by"))

    class Meta:
        model = Disbursement
        fields = ["coalition", "pledge", "donor", "currency", "paid_after", "paid_before", "overpayment"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = _user(request)
        self.filters["coalition"].queryset = Coalition.objects.visible_to(user)
        self.filters["pledge"].queryset = Pledge.objects.visible_to(user)
        self.filters["donor"].queryset = Participant.objects.visible_to(user)

    def in_currency(self, queryset, name, value):
        return queryset.filter(currency=normalise_currency(value))

    def with_override(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(overpayment_reason="") if value else queryset.filter(overpayment_reason="")


class FxRateFilter(django_filters.FilterSet):
    currency = django_filters.CharFilter(method="in_currency", label=_("Currency"))
    date_after = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=_("From"), widget=DateInput()
    )
    date_before = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label=_("Until"), widget=DateInput()
    )
    ordering = django_filters.OrderingFilter(fields=("date", "currency", "rate"), label=_("Sort by"))

    class Meta:
        model = FxRate
        fields = ["currency", "date_after", "date_before"]

    def in_currency(self, queryset, name, value):
        return queryset.filter(currency=normalise_currency(value))


class ReportedTotalFilter(django_filters.FilterSet):
    coalition = django_filters.ModelChoiceFilter(
        field_name="meeting__coalition", queryset=Coalition.objects.all(), label=_("Coalition")
    )
    meeting = django_filters.ModelChoiceFilter(queryset=Meeting.objects.all(), label=_("Meeting"))
    ordering = django_filters.OrderingFilter(fields=(("meeting__starts_at", "meeting"), "amount"))

    class Meta:
        model = ReportedTotal
        fields = ["coalition", "meeting"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = _user(request)
        self.filters["coalition"].queryset = Coalition.objects.visible_to(user)
        self.filters["meeting"].queryset = Meeting.objects.visible_to(user)
