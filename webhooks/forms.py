"""Forms of the webhook pages. They parse input only; the services validate and decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coalition.forms import PortalModelForm
from webhooks.events import EVENT_CHOICES
from webhooks.models import WebhookEndpoint


class WebhookEndpointForm(PortalModelForm):
    url = forms.URLField(
        label=_("URL"), max_length=500, assume_scheme="https", help_text=_("Where events are POSTed (https).")
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=EVENT_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "description", "events", "is_active"]


class ConfirmForm(forms.Form):
    """An empty form: the POST itself is the confirmation."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
