"""Forms of agenda documents (upload, new version, details) and of the managed list of markings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coalition.forms import PortalModelForm
from coalition.models import Membership, Participant
from coalition.permissions import role_in
from meetings.documents import allowed_extensions_label, max_bytes
from meetings.models import AgendaDocument, ClassificationMarking

__all__ = ["AgendaDocumentForm", "ClassificationMarkingForm", "DocumentDetailsForm", "DocumentVersionForm"]


def _file_field():
    limit_mb = max_bytes() / (1024 * 1024)
    return forms.FileField(
        label=_("File"),
        help_text=_("Allowed: %(types)s; at most %(mb)s MB.")
        % {"types": allowed_extensions_label(), "mb": f"{limit_mb:g}"},
    )


def _markings(coalition):
    return ClassificationMarking.objects.filter(coalition=coalition, is_active=True).order_by(
        "position", "label"
    )


class AgendaDocumentForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=255, required=False, help_text=_("Empty: the file name.")
    )
    classification = forms.ModelChoiceField(
        label=_("Classification marking"), queryset=ClassificationMarking.objects.none(), required=False
    )
    visibility = forms.ChoiceField(
        label=_("Visible to"),
        choices=AgendaDocument.Visibility.choices,
        initial=AgendaDocument.Visibility.MEMBERS,
    )
    participant = forms.ModelChoiceField(
        label=_("Submitted by the delegation of"),
        queryset=Participant.objects.none(),
        required=False,
        help_text=_("Empty: a paper of the secretariat."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, user=None, coalition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = _file_field()
        self.order_fields(["file", "title", "classification", "visibility", "participant", "note"])
        markings = _markings(coalition)
        self.fields["classification"].queryset = markings
        self.fields["classification"].initial = markings.filter(is_default=True).first()
        self.fields["classification"].empty_label = _("(none)")
        role = role_in(user, coalition.pk) if user is not None else None
        if role is not None and role.kind == "delegate":
            del self.fields["participant"]  # a delegation uploads its own papers
        else:
            self.fields["participant"].queryset = Participant.objects.filter(
                pk__in=Membership.objects.filter(coalition=coalition).values("participant_id")
            ).order_by("name")


class DocumentVersionForm(forms.Form):
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = _file_field()
        self.order_fields(["file", "note"])


class DocumentDetailsForm(PortalModelForm):
    def __init__(self, *args, coalition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classification"].queryset = _markings(coalition)

    class Meta:
        model = AgendaDocument
        fields = ["title", "classification", "visibility"]


class ClassificationMarkingForm(PortalModelForm):
    def __init__(self, *args, coalition=None, **kwargs):
        super().__init__(*args, **kwargs)

    class Meta:
        model = ClassificationMarking
        fields = ["label", "description", "position", "is_default", "is_active"]
