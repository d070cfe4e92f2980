"""Routes of the webhooks API, registered on the one router by coalition/urls.py."""

from webhooks.api import views

routes = [
    ("webhooks", views.WebhookEndpointViewSet),
    ("webhook-deliveries", views.WebhookDeliveryViewSet),
]
