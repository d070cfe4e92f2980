"""Filters of the webhook pages and endpoints (choices scoped to the user by the shared backends)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from coalition.models import Coalition
from webhooks.events import EVENT_CHOICES
from webhooks.models import WebhookDelivery, WebhookEndpoint


class WebhookEndpointFilter(django_filters.FilterSet):
    coalition = django_filters.ModelChoiceFilter(queryset=Coalition.objects.all(), label=_("Coalition"))
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = WebhookEndpoint
        fields = ["coalition", "is_active"]


class WebhookDeliveryFilter(django_filters.FilterSet):
    endpoint = django_filters.ModelChoiceFilter(queryset=WebhookEndpoint.objects.all(), label=_("Endpoint"))
    event = django_filters.ChoiceFilter(choices=EVENT_CHOICES, label=_("Event"))
    status = django_filters.ChoiceFilter(choices=WebhookDelivery.Status.choices, label=_("Status"))
    event_id = django_filters.UUIDFilter(label=_("Event id"))

    class Meta:
        model = WebhookDelivery
        fields = ["endpoint", "event", "status", "event_id"]
