"""Agenda items and their documents, decisions, action items and the action-items board."""

from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.views import FilterView

from coalition.fastselect import fast_selects, plain_choices
from coalition.permissions import ADD, CHANGE, DELETE, can
from coalition.viewmixins import CoalitionMixin, ConfirmFirstMixin, HtmxPartialMixin, ServiceFormView
from meetings import selectors, services
from meetings.filters import ActionItemFilter
from meetings.forms import (
    ActionItemForm,
    ActionItemProgressForm,
    ActionItemTransitionForm,
    AgendaItemForm,
    DecisionForm,
)
from meetings.models import ActionItem, AgendaItem, Decision, Meeting
from meetings.views.base import MeetingMixin, ServiceActionView

# Agenda ----------------------------------------------------------------------------------------------------


class AgendaItemCreateView(MeetingMixin, ServiceFormView):
    form_class = AgendaItemForm
    permission = ADD
    title = gettext_lazy("Add agenda item")

    def setup_objects(self):
        self.load_meeting()

    def permission_target(self):
        return AgendaItem

    def permission_kwargs(self):
        return {"coalition": self.coalition}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "coalition": self.coalition}

    def perform(self, form):
        return services.agenda_item_create(actor=self.request.user, meeting=self.meeting, **form.cleaned_data)

    def get_success_url(self):
        return self.meeting_url() + "#agenda"


class AgendaItemEditView(AgendaItemCreateView):
    permission = CHANGE
    title = gettext_lazy("Edit agenda item")

    def setup_objects(self):
        self.load_meeting()
        self.item = get_object_or_404(AgendaItem.objects.filter(meeting=self.meeting), pk=self.kwargs["pk"])

    def permission_target(self):
        return self.item

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.item}

    def perform(self, form):
        return services.agenda_item_update(
            actor=self.request.user, agenda_item=self.item, **form.cleaned_data
        )


class AgendaItemDeleteView(ConfirmFirstMixin, ServiceActionView):
    permission = DELETE
    success_message = gettext_lazy("Agenda item deleted.")

    def confirm_texts(self, target):
        return (
            _("Delete the agenda item “%(t)s”? It cannot be undone.") % {"t": target.title},
            _("Its documents are deleted with it; the later items move up."),
        )

    def load(self):
        return get_object_or_404(AgendaItem.objects.filter(meeting=self.meeting), pk=self.kwargs["pk"])

    def perform(self):
        services.agenda_item_delete(actor=self.request.user, agenda_item=self.target)


class AgendaItemMoveView(ServiceActionView):
    """Move up or down by one place."""

    permission = CHANGE

    def load(self):
        return get_object_or_404(AgendaItem.objects.filter(meeting=self.meeting), pk=self.kwargs["pk"])

    def perform(self):
        step = -1 if self.kwargs["direction"] == "up" else 1
        services.agenda_item_move(
            actor=self.request.user, agenda_item=self.target, position=self.target.position + step
        )

    def success_url(self):
        return self.meeting_url() + "#agenda"


# Decisions -------------------------------------------------------------------------------------------------


class DecisionCreateView(MeetingMixin, ServiceFormView):
    form_class = DecisionForm
    permission = ADD
    title = gettext_lazy("Record a decision")

    def setup_objects(self):
        self.load_meeting()

    def permission_target(self):
        return Decision

    def permission_kwargs(self):
        return {"coalition": self.coalition}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.meeting}

    def perform(self, form):
        return services.decision_create(actor=self.request.user, meeting=self.meeting, **form.cleaned_data)

    def get_success_url(self):
        return self.meeting_url() + "#decisions"


class DecisionEditView(DecisionCreateView):
    permission = CHANGE
    title = gettext_lazy("Edit decision")

    def setup_objects(self):
        self.load_meeting()
        self.decision = get_object_or_404(Decision.objects.filter(meeting=self.meeting), pk=self.kwargs["pk"])

    def permission_target(self):
        return self.decision

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.decision}

    def perform(self, form):
        return services.decision_update(actor=self.request.user, decision=self.decision, **form.cleaned_data)


# Action items ----------------------------------------------------------------------------------------------


class ActionItemCreateView(MeetingMixin, ServiceFormView):
    form_class = ActionItemForm
    permission = ADD
    title = gettext_lazy("Add action item")

    def setup_objects(self):
        self.load_meeting()

    def permission_target(self):
        return ActionItem

    def permission_kwargs(self):
        return {"coalition": self.coalition}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.meeting}

    def perform(self, form):
        return services.action_item_create(actor=self.request.user, meeting=self.meeting, **form.cleaned_data)

    def get_success_url(self):
        return self.meeting_url() + "#action-items"


class ActionItemEditView(ActionItemCreateView):
    permission = CHANGE
    title = gettext_lazy("Edit action item")

    def setup_objects(self):
        self.load_meeting()
        self.item = get_object_or_404(ActionItem.objects.filter(meeting=self.meeting), pk=self.kwargs["pk"])

    def permission_target(self):
        return self.item

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.item}

    def perform(self, form):
        return services.action_item_update(
            actor=self.request.user, action_item=self.item, **form.cleaned_data
        )


TRANSITIONS = {
    "done": (services.action_item_complete, gettext_lazy("Mark as done"), gettext_lazy("Marked as done.")),
    "drop": (services.action_item_drop, gettext_lazy("Drop action item"), gettext_lazy("Dropped.")),
    "reopen": (services.action_item_reopen, gettext_lazy("Reopen action item"), gettext_lazy("Reopened.")),
}


class _ActionItemOwnerMixin(CoalitionMixin):
    """An action item of the coalition that the user reports on: its owners and the secretariat."""

    permission = "view"

    def load_item(self):
        self.item = get_object_or_404(
            ActionItem.objects.visible_to(self.request.user)
            .filter(meeting__coalition=self.coalition)
            .select_related("meeting__coalition", "owner_participant", "owner_user"),
            pk=self.kwargs["pk"],
        )
        if not services.can_report(self.request.user, self.item):
            raise PermissionDenied(
                _("Only the owners of this action item, or the secretariat, report on it.")
            )

    def permission_target(self):
        return self.item

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subject"] = self.item
        context["cancel_url"] = self.get_success_url()
        return context

    def get_success_url(self):
        back = self.request.GET.get("next", "")
        if back.startswith("/") and not back.startswith("//"):
            return back
        return (
            reverse("meeting-detail", args=[self.coalition.slug, self.item.meeting.number]) + "#action-items"
        )


class ActionItemTransitionView(_ActionItemOwnerMixin, ServiceFormView):
    """done / drop / reopen, with an optional note; from the meeting page or the board. Owners close and
    reopen their items; only the secretariat drops one (the service says so)."""

    form_class = ActionItemTransitionForm

    def setup_objects(self):
        if self.kwargs["transition"] not in TRANSITIONS:
            raise Http404
        self.service, self.title, self.success_message = TRANSITIONS[self.kwargs["transition"]]
        self.load_item()

    def perform(self, form):
        return self.service(actor=self.request.user, action_item=self.item, **form.cleaned_data)


class ActionItemProgressView(_ActionItemOwnerMixin, ServiceFormView):
    """An owner reports where the work stands."""

    form_class = ActionItemProgressForm
    title = gettext_lazy("Report progress")
    success_message = gettext_lazy("Progress recorded.")

    def setup_objects(self):
        self.load_item()

    def get_initial(self):
        return {"progress_note": self.item.progress_note}

    def perform(self, form):
        return services.action_item_report(
            actor=self.request.user, action_item=self.item, **form.cleaned_data
        )


class ActionItemBoardView(CoalitionMixin, HtmxPartialMixin, FilterView):
    """Action items across meetings, filterable by owner, status and due date; overdue items marked."""

    filterset_class = ActionItemFilter
    template_name = "meetings/action_item_board.html"
    partial_template_name = "meetings/_action_item_table.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.action_item_board(self.request.user, self.coalition)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        data = self.request.GET.copy()
        if "status" not in data:
            data["status"] = ActionItem.Status.OPEN  # the board opens on what is still to do
        kwargs["data"] = data
        return kwargs

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        del filterset.form.fields["coalition"]
        field = filterset.form.fields["meeting"]
        field.queryset = field.queryset.filter(coalition=self.coalition)
        plain_choices(  # hundreds of meetings: their labels from three columns, no instance per option
            field,
            field.queryset.values_list("pk", "title", "starts_at"),
            lambda _pk, title, starts_at: Meeting.__str__(SimpleNamespace(title=title, starts_at=starts_at)),
        )
        fast_selects(filterset.form)
        return filterset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        context["can_change"] = can(self.request.user, CHANGE, ActionItem, coalition=self.coalition)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        return context
