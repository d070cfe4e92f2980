from django.urls import path

from webhooks import views

P = "c/<slug:slug>/webhooks/"

urlpatterns = [
    path(P, views.WebhookListView.as_view(), name="webhook-list"),
    path(P + "add/", views.WebhookCreateView.as_view(), name="webhook-add"),
    path(P + "<int:pk>/edit/", views.WebhookEditView.as_view(), name="webhook-edit"),
    path(P + "<int:pk>/delete/", views.WebhookDeleteView.as_view(), name="webhook-delete"),
    path(P + "deliveries/", views.DeliveryListView.as_view(), name="webhook-delivery-list"),
    path(
        P + "deliveries/<int:pk>/redeliver/", views.RedeliverView.as_view(), name="webhook-delivery-redeliver"
    ),
]
