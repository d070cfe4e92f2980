"""Exchange-rate pages."""

from django.urls import reverse
from django.utils.translation import gettext_lazy
from django_filters.views import FilterView

from coalition.permissions import ADD, can
from coalition.viewmixins import CoalitionMixin, HtmxPartialMixin, ServiceFormView
from contributions import selectors, services
from contributions.filters import FxRateFilter
from contributions.forms import (
    FxRateForm,
)
from contributions.models import FxRate


class FxRateListView(CoalitionMixin, HtmxPartialMixin, FilterView):
    filterset_class = FxRateFilter
    template_name = "contributions/fx_rate_list.html"
    partial_template_name = "contributions/_fx_rate_table.html"
    paginate_by = 100

    def get_queryset(self):
        return selectors.fx_rates_for(self.request.user).order_by("currency", "-date")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = self.request.user.is_staff or can(self.request.user, ADD, FxRate)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        return context


class FxRateCreateView(CoalitionMixin, ServiceFormView):
    form_class = FxRateForm
    permission = ADD
    title = gettext_lazy("Add an exchange rate")

    def permission_target(self):
        return FxRate

    def perform(self, form):
        return services.fx_rate_create(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return reverse("fx-rate-list", args=[self.coalition.slug])
