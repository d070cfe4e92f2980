"""One FilterSet per model, used by the list pages and the API endpoints alike."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.filters import IdChoiceFilter
from coalition.forms import DateInput
from coalition.models import Coalition, Participant, UserRole
from coalition.querysets import user_coalition_ids
from meetings.models import (
    ActionItem,
    AgendaDocument,
    AgendaItem,
    Attendance,
    ClassificationMarking,
    Contact,
    Decision,
    DistributionList,
    Invitation,
    Meeting,
    Minutes,
    MinutesComment,
    Registration,
    WrittenProcedure,
)


def _user(request):
    return getattr(request, "user", None)


class _ScopedFilterSet(django_filters.FilterSet):
    """Restricts the coalition and meeting choices to what the user sees."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = _user(request)
        if "coalition" in self.filters:
            self.filters["coalition"].queryset = Coalition.objects.visible_to(user)
        if "meeting" in self.filters:
            self.filters["meeting"].queryset = Meeting.objects.visible_to(user)


def _date_range(field_name, label_from, label_to):
    return (
        django_filters.DateFilter(
            field_name=field_name, lookup_expr="date__gte", label=label_from, widget=DateInput()
        ),
        django_filters.DateFilter(
            field_name=field_name, lookup_expr="date__lte", label=label_to, widget=DateInput()
        ),
    )


class MeetingFilter(_ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    coalition = django_filters.ModelChoiceFilter(queryset=Coalition.objects.all(), label=_("Coalition"))
    status = django_filters.ChoiceFilter(choices=Meeting.Status.choices, label=_("Status"))
    format = django_filters.ChoiceFilter(choices=Meeting.Format.choices, label=_("Format"))
    starts_after, starts_before = _date_range("starts_at", _("From"), _("Until"))
    participant = IdChoiceFilter(
        queryset=Participant.objects.all(), method="with_participant", label=_("Invited or present")
    )
    ordering = django_filters.OrderingFilter(fields=("starts_at", "number", "title"))

    class Meta:
        model = Meeting
        fields = ["q", "coalition", "status", "format", "starts_after", "starts_before", "participant"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(place__icontains=value) | Q(summary__icontains=value)
        )

    def with_participant(self, queryset, name, value):
        return queryset.filter(
            Q(pk__in=Attendance.objects.filter(participant=value).values("meeting_id"))
            | Q(pk__in=Invitation.objects.filter(participant=value).values("meeting_id"))
        )


class InvitationFilter(_ScopedFilterSet):
    coalition = django_filters.ModelChoiceFilter(
        field_name="meeting__coalition", queryset=Coalition.objects.all(), label=_("Coalition")
    )
    meeting = django_filters.ModelChoiceFilter(queryset=Meeting.objects.all(), label=_("Meeting"))
    participant = django_filters.ModelChoiceFilter(queryset=Participant.objects.all(), label=_("Participant"))
    response = django_filters.ChoiceFilter(choices=Invitation.Response.choices, label=_("Answer"))
    ordering = django_filters.OrderingFilter(fields=("invited_at", "responded_at", "participant__name"))

    class Meta:
        model = Invitation
        fields = ["coalition", "meeting", "participant", "response"]


class AttendanceFilter(_ScopedFilterSet):
    coalition = django_filters.ModelChoiceFilter(
        field_name="meeting__coalition", queryset=Coalition.objects.all(), label=_("Coalition")
    )
    meeting = django_filters.ModelChoiceFilter(queryset=Meeting.objects.all(), label=_("Meeting"))
    participant = django_filters.ModelChoiceFilter(queryset=Participant.objects.all(), label=_("Participant"))
    role = django_filters.ChoiceFilter(choices=Attendance.Role.choices, label=_("Role"))
    is_illustrative = django_filters.BooleanFilter(label=_("Illustrative"))
    meeting_after, meeting_before = _date_range("meeting__starts_at", _("Meetings from"), _("Meetings until"))
    ordering = django_filters.OrderingFilter(fields=("meeting__starts_at", "participant__name", "role"))

    class Meta:
        model = Attendance
        fields = ["coalition", "meeting", "participant", "role", "is_illustrative"]


class AgendaItemFilter(_ScopedFilterSet):
    coalition = django_filters.ModelChoiceFilter(
        field_name="meeting__coalition", queryset=Coalition.objects.all(), label=_("Coalition")
    )
    meeting = django_filters.ModelChoiceFilter(queryset=Meeting.objects.all(), label=_("Meeting"))
    presenter = django_filters.ModelChoiceFilter(queryset=Participant.objects.all(), label=_("Presenter"))
    ordering = django_filters.OrderingFilter(fields=("meeting__starts_at", "position"))

    class Meta:
        model = AgendaItem
        fields = ["coalition", "meeting", "presenter"]


class AgendaDocumentFilter(_ScopedFilterSet):
    meeting = django_filters.ModelChoiceFilter(
        field_name="agenda_item__meeting", queryset=Meeting.objects.all(), label=_("Meeting")
    )
    agenda_item = django_filters.ModelChoiceFilter(queryset=AgendaItem.objects.all(), label=_("Agenda item"))
    classification = django_filters.ModelChoiceFilter(
        queryset=ClassificationMarking.objects.all(), label=_("Classification marking")
    )
    visibility = django_filters.ChoiceFilter(choices=AgendaDocument.Visibility.choices, label=_("Visible to"))
    participant = django_filters.ModelChoiceFilter(queryset=Participant.objects.all(), label=_("Delegation"))
    ordering = django_filters.OrderingFilter(fields=("uploaded_at", "title"))

    class Meta:
        model = AgendaDocument
        fields = ["meeting", "agenda_item", "classification", "visibility", "participant"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["agenda_item"].queryset = AgendaItem.objects.visible_to(_user(request))
        self.filters["classification"].queryset = ClassificationMarking.objects.visible_to(_user(request))


class DecisionFilter(_ScopedFilterSet):
    q = django_filters.CharFilter(field_name="text", lookup_expr="icontains", label=_("Search"))
    coalition = django_filters.ModelChoiceFilter(queryset=Coalition.objects.all(), label=_("Coalition"))
    by_written_procedure = django_filters.BooleanFilter(
        field_name="written_procedure", lookup_expr="isnull", exclude=True, label=_("By written procedure")
    )
    decided_after = django_filters.DateFilter(
        field_name="decided_on", lookup_expr="gte", label=_("Decided from"), widget=DateInput()
    )
    decided_before = django_filters.DateFilter(
        field_name="decided_on", lookup_expr="lte", label=_("Decided until"), widget=DateInput()
    )
    meeting = django_filters.ModelChoiceFilter(queryset=Meeting.objects.all(), label=_("Meeting"))
    meeting_after, meeting_before = _date_range("meeting__starts_at", _("Meetings from"), _("Meetings until"))
    is_illustrative = django_filters.BooleanFilter(label=_("Illustrative"))
    ordering = django_filters.OrderingFilter(fields=("decided_on", "meeting__starts_at", "number"))

    class Meta:
        model = Decision
        fields = [
            "q",
            "coalition",
            "meeting",
            "by_written_procedure",
            "decided_after",
            "decided_before",
            "is_illustrative",
        ]


class ActionItemFilter(_ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    coalition = django_filters.ModelChoiceFilter(
        field_name="meeting__coalition", queryset=Coalition.objects.all(), label=_("Coalition")
    )
    meeting = django_filters.ModelChoiceFilter(queryset=Meeting.objects.all(), label=_("Agreed at"))
    owner = django_filters.ModelChoiceFilter(
        field_name="owner_participant", queryset=Participant.objects.all(), label=_("Owner (participant)")
    )
    owner_user = django_filters.ModelChoiceFilter(
        queryset=get_user_model().objects.all(), label=_("Owner (person)")
    )
    status = django_filters.ChoiceFilter(choices=ActionItem.Status.choices, label=_("Status"))
    due_after = django_filters.DateFilter(
        field_name="due_on", lookup_expr="gte", label=_("Due from"), widget=DateInput()
    )
    due_before = django_filters.DateFilter(
        field_name="due_on", lookup_expr="lte", label=_("Due until"), widget=DateInput()
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        label=_("Overdue"),
        widget=forms.Select(
            choices=[("", _("Any")), ("true", _("Overdue only")), ("false", _("Not overdue"))]
        ),
    )
    mine = django_filters.BooleanFilter(
        method="filter_mine",
        label=_("Mine"),
        widget=forms.Select(choices=[("", _("Everyone's")), ("true", _("Only mine"))]),
    )
    ordering = django_filters.OrderingFilter(fields=("due_on", "status", "meeting__starts_at", "title"))

    class Meta:
        model = ActionItem
        fields = [
            "q",
            "coalition",
            "meeting",
            "owner",
            "owner_user",
            "status",
            "due_after",
            "due_before",
            "overdue",
            "mine",
        ]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = _user(request)
        coalitions = user_coalition_ids(user) if getattr(user, "is_authenticated", False) else []
        users = get_user_model().objects.order_by("username")
        if not getattr(user, "is_superuser", False):
            users = users.filter(coalition_roles__coalition__in=coalitions).distinct()
        self.filters["owner_user"].queryset = users

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))

    def filter_mine(self, queryset, name, value):
        """Items the signed-in person owns: as owner person, or as a delegate of the owner participant."""
        user = _user(self.request)
        if not value or not getattr(user, "is_authenticated", False):
            return queryset
        delegated = UserRole.objects.filter(user=user, kind="delegate").values("participant_id")
        return queryset.filter(Q(owner_user=user) | Q(owner_participant__in=delegated))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = Q(status=ActionItem.Status.OPEN, due_on__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class MinutesFilter(_ScopedFilterSet):
    coalition = django_filters.ModelChoiceFilter(
        field_name="meeting__coalition", queryset=Coalition.objects.all(), label=_("Coalition")
    )
    meeting = django_filters.ModelChoiceFilter(queryset=Meeting.objects.all(), label=_("Meeting"))
    status = django_filters.ChoiceFilter(choices=Minutes.Status.choices, label=_("Status"))
    ordering = django_filters.OrderingFilter(fields=("meeting__starts_at", "status"))

    class Meta:
        model = Minutes
        fields = ["coalition", "meeting", "status"]


class ContactFilter(_ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    coalition = django_filters.ModelChoiceFilter(queryset=Coalition.objects.all(), label=_("Coalition"))
    participant = django_filters.ModelChoiceFilter(queryset=Participant.objects.all(), label=_("Delegation"))
    delegation_role = django_filters.ChoiceFilter(choices=Contact.DelegationRole.choices, label=_("Role"))
    is_active = django_filters.BooleanFilter(label=_("In the delegation"))
    has_email = django_filters.BooleanFilter(method="filter_has_email", label=_("Has an e-mail address"))
    ordering = django_filters.OrderingFilter(fields=("name", "participant__name", "delegation_role"))

    class Meta:
        model = Contact
        fields = ["q", "coalition", "participant", "delegation_role", "is_active", "has_email"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(function__icontains=value) | Q(email__icontains=value)
        )

    def filter_has_email(self, queryset, name, value):
        if value is None:
            return queryset
        has = ~Q(email="") | Q(user__isnull=False, user__email__gt="")
        return queryset.filter(has) if value else queryset.exclude(has)


class DistributionListFilter(_ScopedFilterSet):
    coalition = django_filters.ModelChoiceFilter(queryset=Coalition.objects.all(), label=_("Coalition"))
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Search"))

    class Meta:
        model = DistributionList
        fields = ["coalition", "q"]


class RegistrationFilter(_ScopedFilterSet):
    meeting = django_filters.ModelChoiceFilter(
        field_name="invitation__meeting", queryset=Meeting.objects.all(), label=_("Meeting")
    )
    participant = django_filters.ModelChoiceFilter(
        field_name="invitation__participant", queryset=Participant.objects.all(), label=_("Delegation")
    )
    mode = django_filters.ChoiceFilter(choices=Registration.Mode.choices, label=_("Attends"))
    needs_badge = django_filters.BooleanFilter(label=_("Needs a badge"))
    needs_visa_letter = django_filters.BooleanFilter(label=_("Needs a visa letter"))

    class Meta:
        model = Registration
        fields = ["meeting", "participant", "mode", "needs_badge", "needs_visa_letter"]


class MinutesCommentFilter(_ScopedFilterSet):
    meeting = django_filters.ModelChoiceFilter(
        field_name="minutes__meeting", queryset=Meeting.objects.all(), label=_("Meeting")
    )
    minutes = django_filters.ModelChoiceFilter(queryset=Minutes.objects.all(), label=_("Minutes"))
    participant = django_filters.ModelChoiceFilter(queryset=Participant.objects.all(), label=_("Delegation"))
    status = django_filters.ChoiceFilter(choices=MinutesComment.Status.choices, label=_("Status"))

    class Meta:
        model = MinutesComment
        fields = ["meeting", "minutes", "participant", "status"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["minutes"].queryset = Minutes.objects.visible_to(_user(request))


class WrittenProcedureFilter(_ScopedFilterSet):
    coalition = django_filters.ModelChoiceFilter(queryset=Coalition.objects.all(), label=_("Coalition"))
    status = django_filters.ChoiceFilter(choices=WrittenProcedure.Status.choices, label=_("Status"))
    deadline_after, deadline_before = _date_range("deadline", _("Deadline from"), _("Deadline until"))

    class Meta:
        model = WrittenProcedure
        fields = ["coalition", "status", "deadline_after", "deadline_before"]
