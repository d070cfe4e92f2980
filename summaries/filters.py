import django_filters
from django.utils.translation import gettext_lazy as _

from coalition.models import Coalition
from summaries.models import StatusSnapshot


class SnapshotFilter(django_filters.FilterSet):
    coalition = django_filters.ModelChoiceFilter(queryset=Coalition.objects.all(), label=_("Coalition"))
    generated_after = django_filters.IsoDateTimeFilter(field_name="generated_at", lookup_expr="gte")
    generated_before = django_filters.IsoDateTimeFilter(field_name="generated_at", lookup_expr="lte")
    ordering = django_filters.OrderingFilter(fields=("generated_at",))

    class Meta:
        model = StatusSnapshot
        fields = ["coalition"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["coalition"].queryset = Coalition.objects.visible_to(getattr(request, "user", None))
