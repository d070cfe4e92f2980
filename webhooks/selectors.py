"""Reads of the webhook pages."""

from django.db.models import Count, Max, Q

from webhooks.models import WebhookDelivery, WebhookEndpoint


def endpoints_for(user, coalition):
    """The coalition's endpoints the user may see, with their delivery counts and last attempt."""
    return (
        WebhookEndpoint.objects.visible_to(user)
        .filter(coalition=coalition)
        .annotate(
            pending_count=Count("deliveries", filter=Q(deliveries__status=WebhookDelivery.Status.PENDING)),
            failed_count=Count("deliveries", filter=Q(deliveries__status=WebhookDelivery.Status.FAILED)),
            last_attempt_at=Max("deliveries__last_attempt_at"),
        )
        .order_by("pk")
    )


def deliveries_for(user, coalition):
    return (
        WebhookDelivery.objects.visible_to(user)
        .filter(endpoint__coalition=coalition)
        .select_related("endpoint")
        .order_by("-created_at", "-pk")
    )
