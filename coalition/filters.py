"""One FilterSet per model, used by the list page and the API endpoint alike."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from coalition.models import Coalition, ExpertGroup, Membership, Participant
from coalition.selectors import current_memberships_q


@extend_schema_field(OpenApiTypes.INT)
class IdChoiceFilter(django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter taking an id, for filters that work through a method (documented as an integer).

    No "null" choice (FILTERS_NULL_CHOICE_LABEL gives every other one): the method would get the string."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("null_label", None)
        super().__init__(*args, **kwargs)


class CoalitionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    ordering = django_filters.OrderingFilter(fields=("name", "short_name", "founded_on"))

    class Meta:
        model = Coalition
        fields = ["q"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value))


class ParticipantFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=Participant.Kind.choices, label=_("Kind"))
    coalition = IdChoiceFilter(queryset=Coalition.objects.all(), method="in_coalition", label=_("Coalition"))
    role = django_filters.ChoiceFilter(
        choices=Membership.Role.choices, method="with_role", label=_("Current role")
    )
    ordering = django_filters.OrderingFilter(fields=("name", "code", "kind"))

    class Meta:
        model = Participant
        fields = ["q", "kind", "coalition", "role"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        self.filters["coalition"].queryset = Coalition.objects.visible_to(user)

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__iexact=value))

    def _memberships(self):
        memberships = Membership.objects.filter(current_memberships_q())
        coalition = self.form.cleaned_data.get("coalition")
        if coalition is not None:
            memberships = memberships.filter(coalition=coalition)
        else:
            memberships = memberships.visible_to(getattr(self.request, "user", None))
        return memberships

    def in_coalition(self, queryset, name, value):
        return queryset.filter(pk__in=self._memberships().values("participant_id"))

    def with_role(self, queryset, name, value):
        return queryset.filter(pk__in=self._memberships().filter(role=value).values("participant_id"))


class MembershipFilter(django_filters.FilterSet):
    coalition = django_filters.ModelChoiceFilter(queryset=Coalition.objects.all(), label=_("Coalition"))
    participant = django_filters.ModelChoiceFilter(queryset=Participant.objects.all(), label=_("Participant"))
    role = django_filters.ChoiceFilter(choices=Membership.Role.choices, label=_("Role"))
    current = django_filters.BooleanFilter(method="filter_current", label=_("Current only"))
    is_illustrative = django_filters.BooleanFilter(label=_("Illustrative"))
    ordering = django_filters.OrderingFilter(fields=("joined_on", "left_on", "role", "participant__name"))

    class Meta:
        model = Membership
        fields = ["coalition", "participant", "role", "current", "is_illustrative"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["coalition"].queryset = Coalition.objects.visible_to(getattr(request, "user", None))

    def filter_current(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(current_memberships_q()) if value else queryset.exclude(current_memberships_q())
        )


class ExpertGroupFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Search"))
    coalition = django_filters.ModelChoiceFilter(queryset=Coalition.objects.all(), label=_("Coalition"))
    lead = django_filters.ModelChoiceFilter(queryset=Participant.objects.all(), label=_("Lead"))
    member = django_filters.ModelChoiceFilter(
        field_name="members", queryset=Participant.objects.all(), label=_("Member")
    )
    ordering = django_filters.OrderingFilter(fields=("name", "created_on"))

    class Meta:
        model = ExpertGroup
        fields = ["q", "coalition", "lead", "member"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["coalition"].queryset = Coalition.objects.visible_to(getattr(request, "user", None))
