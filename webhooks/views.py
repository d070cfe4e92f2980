"""Webhook pages (the coalition's secretariat): endpoints, and the delivery log with its re-send button.
Views are configuration: rules live in services, reads in selectors."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_filters.views import FilterView

from coalition.permissions import ADD, CHANGE, DELETE, VIEW
from coalition.viewmixins import CoalitionMixin, ServiceFormView
from webhooks import selectors, services
from webhooks.events import EVENTS
from webhooks.filters import WebhookDeliveryFilter
from webhooks.forms import ConfirmForm, WebhookEndpointForm
from webhooks.models import WebhookDelivery, WebhookEndpoint


class _SecretariatOnly:
    def get(self, request, *args, **kwargs):
        if not self.can(VIEW, WebhookEndpoint):
            raise PermissionDenied(_("Only the coalition's secretariat manages its webhooks."))
        return super().get(request, *args, **kwargs)


class WebhookListView(_SecretariatOnly, CoalitionMixin, TemplateView):
    template_name = "webhooks/endpoint_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["endpoints"] = selectors.endpoints_for(self.request.user, self.coalition)
        context["events"] = EVENTS
        context["can_add"] = self.can(ADD, WebhookEndpoint)
        return context


class DeliveryListView(_SecretariatOnly, CoalitionMixin, FilterView):
    filterset_class = WebhookDeliveryFilter
    template_name = "webhooks/delivery_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.deliveries_for(self.request.user, self.coalition)

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        filterset.filters["endpoint"].queryset = filterset.filters["endpoint"].queryset.filter(
            coalition=self.coalition
        )
        filterset.form.fields["endpoint"].queryset = filterset.filters["endpoint"].queryset
        return filterset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        return context


class _EndpointMixin:
    def setup_objects(self):
        self.endpoint = get_object_or_404(
            WebhookEndpoint.objects.visible_to(self.request.user).filter(coalition__slug=self.kwargs["slug"]),
            pk=self.kwargs["pk"],
        )

    def permission_target(self):
        return self.endpoint

    def get_success_url(self):
        return reverse("webhook-list", args=[self.kwargs["slug"]])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subject"] = self.endpoint.url
        context["cancel_url"] = self.get_success_url()
        return context


class WebhookCreateView(CoalitionMixin, ServiceFormView):
    form_class = WebhookEndpointForm
    permission = ADD
    title = gettext_lazy("Add webhook endpoint")

    def permission_target(self):
        return WebhookEndpoint

    def permission_kwargs(self):
        return {"coalition": self.coalition}

    def get_initial(self):
        return {"is_active": True}

    def perform(self, form):
        return services.endpoint_create(
            actor=self.request.user, coalition=self.coalition, **form.cleaned_data
        )

    @property
    def success_message(self):
        # The secret is shown this once (the page after the redirect); it is never shown again.
        return _("Endpoint added. Its signing secret, shown only now: %(secret)s") % {
            "secret": self.object.secret
        }

    def get_success_url(self):
        return reverse("webhook-list", args=[self.coalition.slug])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = reverse("webhook-list", args=[self.coalition.slug])
        return context


class WebhookEditView(_EndpointMixin, CoalitionMixin, ServiceFormView):
    form_class = WebhookEndpointForm
    permission = CHANGE
    title = gettext_lazy("Edit webhook endpoint")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.endpoint}

    def get_initial(self):
        return {"events": list(self.endpoint.events)}

    def perform(self, form):
        return services.endpoint_update(actor=self.request.user, endpoint=self.endpoint, **form.cleaned_data)


class WebhookDeleteView(_EndpointMixin, CoalitionMixin, ServiceFormView):
    form_class = ConfirmForm
    permission = DELETE
    template_name = "webhooks/confirm.html"
    title = gettext_lazy("Delete webhook endpoint")
    success_message = gettext_lazy("Endpoint deleted, with its delivery log.")

    def perform(self, form):
        services.endpoint_delete(actor=self.request.user, endpoint=self.endpoint)
        return self.endpoint


class RedeliverView(CoalitionMixin, ServiceFormView):
    form_class = ConfirmForm
    permission = "redeliver"
    template_name = "webhooks/confirm.html"
    title = gettext_lazy("Send the event again")
    success_message = gettext_lazy("Queued again as a new delivery.")

    def setup_objects(self):
        self.delivery = get_object_or_404(
            WebhookDelivery.objects.visible_to(self.request.user).filter(
                endpoint__coalition__slug=self.kwargs["slug"]
            ),
            pk=self.kwargs["pk"],
        )

    def permission_target(self):
        return self.delivery

    def perform(self, form):
        return services.redeliver(actor=self.request.user, delivery=self.delivery)

    def get_success_url(self):
        return reverse("webhook-delivery-list", args=[self.kwargs["slug"]])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subject"] = f"{self.delivery.event} → {self.delivery.endpoint.url}"
        context["cancel_url"] = self.get_success_url()
        return context
