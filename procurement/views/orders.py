"""Forms for orders and deliveries."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from coalition.permissions import ADD, CHANGE, DELETE
from coalition.viewmixins import CoalitionMixin, ServiceFormView
from procurement import services
from procurement.forms import (
    ConfirmForm,
    DeliveryForm,
    OrderForm,
)
from procurement.models import Delivery, Order
from procurement.views.items import _ItemMixin


class OrderCreateView(_ItemMixin, CoalitionMixin, ServiceFormView):
    form_class = OrderForm
    permission = ADD
    title = gettext_lazy("Add order")

    def permission_target(self):
        return Order

    def permission_kwargs(self):
        return {"coalition": self.coalition}

    def get_initial(self):
        return {"currency": self.item.currency}

    def perform(self, form):
        return services.order_create(actor=self.request.user, roadmap_item=self.item, **form.cleaned_data)

    def get_success_url(self):
        return self.item_url()


class _OrderMixin(_ItemMixin):
    def setup_objects(self):
        self.order = get_object_or_404(
            Order.objects.visible_to(self.request.user)
            .filter(roadmap_item__coalition__slug=self.kwargs["slug"])
            .select_related("roadmap_item"),
            pk=self.kwargs["pk"],
        )
        self.item = self.order.roadmap_item

    def permission_target(self):
        return self.order

    def get_success_url(self):
        return self.item_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subject"] = f"{self.order} — {self.item}"
        return context


class OrderEditView(_OrderMixin, CoalitionMixin, ServiceFormView):
    form_class = OrderForm
    permission = CHANGE
    title = gettext_lazy("Edit order")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.order}

    def perform(self, form):
        return services.order_update(actor=self.request.user, order=self.order, **form.cleaned_data)


class OrderDeleteView(_OrderMixin, CoalitionMixin, ServiceFormView):
    form_class = ConfirmForm
    permission = DELETE
    template_name = "procurement/confirm.html"
    title = gettext_lazy("Delete order")
    success_message = gettext_lazy("Order deleted.")

    def perform(self, form):
        services.order_delete(actor=self.request.user, order=self.order)
        return self.order


class DeliveryCreateView(_OrderMixin, CoalitionMixin, ServiceFormView):
    form_class = DeliveryForm
    permission = ADD
    title = gettext_lazy("Add delivery")

    def permission_target(self):
        return Delivery

    def permission_kwargs(self):
        return {"coalition": self.coalition}

    def perform(self, form):
        return services.delivery_create(actor=self.request.user, order=self.order, **form.cleaned_data)


class _DeliveryMixin(_ItemMixin):
    def setup_objects(self):
        self.delivery = get_object_or_404(
            Delivery.objects.visible_to(self.request.user)
            .filter(order__roadmap_item__coalition__slug=self.kwargs["slug"])
            .select_related("order__roadmap_item"),
            pk=self.kwargs["pk"],
        )
        self.item = self.delivery.order.roadmap_item

    def permission_target(self):
        return self.delivery

    def get_success_url(self):
        return self.item_url()


class DeliveryEditView(_DeliveryMixin, CoalitionMixin, ServiceFormView):
    form_class = DeliveryForm
    permission = CHANGE
    title = gettext_lazy("Edit delivery")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.delivery}

    def perform(self, form):
        return services.delivery_update(actor=self.request.user, delivery=self.delivery, **form.cleaned_data)


class DeliveryDeleteView(_DeliveryMixin, CoalitionMixin, ServiceFormView):
    form_class = ConfirmForm
    permission = DELETE
    template_name = "procurement/confirm.html"
    title = gettext_lazy("Delete delivery")
    success_message = gettext_lazy("Delivery deleted.")

    def perform(self, form):
        services.delivery_delete(actor=self.request.user, delivery=self.delivery)
        return self.delivery
