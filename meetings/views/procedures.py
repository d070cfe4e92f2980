"""Written procedures: list, draft, circulate, break silence, withdraw, conclude; and the register of all
decisions of the coalition (meetings and written procedures)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from django_filters.views import FilterView

from coalition.errors import Conflict
from coalition.permissions import ADD, CHANGE, can, role_in
from coalition.viewmixins import CoalitionMixin, ConfirmFirstMixin, HtmxPartialMixin, ServiceFormView
from meetings import notifications, recipients, selectors, services
from meetings.filters import DecisionFilter
from meetings.forms import BreakSilenceForm, ProcedureCirculateForm, ProcedureForm, ProcedureWithdrawForm
from meetings.models import Decision, SilenceBreak, WrittenProcedure
from meetings.views.base import messages_from


class _ProcedureMixin(CoalitionMixin):
    def load_procedure(self):
        procedure = (
            WrittenProcedure.objects.visible_to(self.request.user)
            .select_related("coalition", "distribution_list", "circulated_by")
            .filter(coalition=self.coalition, number=self.kwargs["number"])
            .first()
        )
        if procedure is None:
            raise Http404(_("No such written procedure."))
        self.procedure = procedure
        return procedure

    def procedure_url(self):
        return reverse("written-procedure-detail", args=[self.coalition.slug, self.procedure.number])


class ProcedureListView(CoalitionMixin, TemplateView):
    template_name = "meetings/procedure_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            procedures=selectors.procedures_for(self.request.user, self.coalition),
            can_add=self.can(ADD, WrittenProcedure),
        )
        return context


class ProcedureDetailView(_ProcedureMixin, TemplateView):
    template_name = "meetings/procedure_detail.html"

    def get(self, request, *args, **kwargs):
        self.load_procedure()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        procedure = self.procedure
        role = role_in(user, self.coalition.pk)
        own = role.participant if role is not None and role.kind == "delegate" else None
        breaks = list(procedure.silence_breaks.select_related("participant", "broken_by"))
        keepers = list(services.silence_keepers(procedure))
        can_change = can(user, CHANGE, procedure)
        audience = notifications.procedure_audience(procedure) if can_change else []
        unreachable = []
        if can_change and not procedure.distribution_list_id:
            unreachable = recipients.reach(procedure.coalition_id, keepers).unreachable
        context.update(
            procedure=procedure,
            breaks=breaks,
            keepers=keepers,
            own=own,
            own_broke=any(b.participant_id == getattr(own, "pk", None) for b in breaks),
            own_keeps=own is not None and any(p.pk == own.pk for p in keepers),
            can_change=can_change,
            can_break=procedure.is_silence_running
            and can(user, ADD, SilenceBreak, coalition=self.coalition, owner=own or None)
            and (own is not None or can_change),
            can_conclude=can_change
            and procedure.status == WrittenProcedure.Status.CIRCULATED
            and procedure.deadline <= timezone.now(),
            audience_count=len(audience),
            unreachable=unreachable,
            decision=getattr(procedure, "decision", None) if procedure.status == "adopted" else None,
        )
        return context


class _ProcedureFormMixin(_ProcedureMixin):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "coalition": self.coalition}

    def get_success_url(self):
        return reverse("written-procedure-detail", args=[self.coalition.slug, self.object.number])


class ProcedureCreateView(_ProcedureFormMixin, ServiceFormView):
    form_class = ProcedureForm
    permission = ADD
    title = gettext_lazy("New written procedure")
    success_message = gettext_lazy("Draft saved; circulate it when it is ready.")

    def permission_target(self):
        return WrittenProcedure

    def permission_kwargs(self):
        return {"coalition": self.coalition}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = reverse("written-procedure-list", args=[self.coalition.slug])
        return context

    def perform(self, form):
        return services.procedure_create(
            actor=self.request.user, coalition=self.coalition, **form.cleaned_data
        )


class ProcedureEditView(_ProcedureFormMixin, ServiceFormView):
    form_class = ProcedureForm
    permission = CHANGE
    title = gettext_lazy("Edit the draft")

    def setup_objects(self):
        self.load_procedure()

    def permission_target(self):
        return self.procedure

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.procedure}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = self.procedure_url()
        return context

    def perform(self, form):
        return services.procedure_update(
            actor=self.request.user, procedure=self.procedure, **form.cleaned_data
        )


class ProcedureCirculateView(_ProcedureMixin, ServiceFormView):
    form_class = ProcedureCirculateForm
    permission = CHANGE
    title = gettext_lazy("Circulate for silence")
    success_message = gettext_lazy("Circulated; the delegations are told by e-mail.")

    def setup_objects(self):
        self.load_procedure()

    def permission_target(self):
        return self.procedure

    def get_initial(self):
        return {"deadline": self.procedure.deadline}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(subject=str(self.procedure), cancel_url=self.procedure_url())
        return context

    def perform(self, form):
        procedure = services.procedure_circulate(
            actor=self.request.user, procedure=self.procedure, **form.cleaned_data
        )
        if not notifications.procedure_audience(procedure):
            messages.warning(self.request, _("No e-mail reaches anyone for this procedure: add contacts."))
        return procedure

    def get_success_url(self):
        return self.procedure_url()


def own_delegation(user, coalition_id):
    """The participant a delegate speaks for in the coalition, else None."""
    role = role_in(user, coalition_id)
    return role.participant if role is not None and role.kind == "delegate" else None


class BreakSilenceView(_ProcedureMixin, ServiceFormView):
    """A delegate breaks silence for their delegation; the secretariat records a break received otherwise.
    Observers are refused before the form (403), as the service would refuse them."""

    form_class = BreakSilenceForm
    permission = ADD
    title = gettext_lazy("Break silence")
    success_message = gettext_lazy("Silence broken; the secretariat and the delegations are told.")

    def setup_objects(self):
        self.load_procedure()

    def permission_target(self):
        return SilenceBreak

    def permission_kwargs(self):
        coalition_id = self.procedure.coalition_id
        return {"coalition": coalition_id, "owner": own_delegation(self.request.user, coalition_id)}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "procedure": self.procedure}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(subject=str(self.procedure), cancel_url=self.procedure_url())
        return context

    def perform(self, form):
        return services.procedure_break_silence(
            actor=self.request.user, procedure=self.procedure, **form.cleaned_data
        )

    def get_success_url(self):
        return self.procedure_url()


class ProcedureWithdrawView(_ProcedureMixin, ServiceFormView):
    form_class = ProcedureWithdrawForm
    permission = CHANGE
    title = gettext_lazy("Withdraw the procedure")
    success_message = gettext_lazy("Withdrawn.")

    def setup_objects(self):
        self.load_procedure()

    def permission_target(self):
        return self.procedure

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(subject=str(self.procedure), cancel_url=self.procedure_url())
        return context

    def perform(self, form):
        return services.procedure_withdraw(
            actor=self.request.user, procedure=self.procedure, **form.cleaned_data
        )

    def get_success_url(self):
        return self.procedure_url()


class _ProcedureActionView(_ProcedureMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.load_procedure()
        if not can(request.user, CHANGE, self.procedure):
            raise PermissionDenied(_("You do not have permission to do this."))
        try:
            return self.perform()
        except (ValidationError, Conflict) as exc:
            for message in messages_from(exc):
                messages.error(request, message)
        return redirect(self.procedure_url())


class ProcedureConcludeView(_ProcedureActionView):
    def perform(self):
        procedure = services.procedure_conclude(actor=self.request.user, procedure=self.procedure)
        messages.success(self.request, procedure.outcome_note)
        return redirect(self.procedure_url())


class ProcedureDeleteView(ConfirmFirstMixin, _ProcedureActionView):
    def confirm_load(self):
        self.load_procedure()
        if not can(self.request.user, CHANGE, self.procedure):
            raise PermissionDenied(_("You do not have permission to do this."))
        return self.procedure

    def confirm_texts(self, target):
        return (
            _("Delete the draft written procedure “%(title)s”?") % {"title": target.title},
            _("Delete this for good? It cannot be undone."),
        )

    def confirm_cancel_url(self, target):
        return self.procedure_url()

    def perform(self):
        services.procedure_delete(actor=self.request.user, procedure=self.procedure)
        messages.success(self.request, _("Draft deleted."))
        return redirect("written-procedure-list", self.coalition.slug)


class DecisionRegisterView(CoalitionMixin, HtmxPartialMixin, FilterView):
    """Every decision of the coalition, taken at meetings or adopted by written procedure."""

    filterset_class = DecisionFilter
    template_name = "meetings/decision_register.html"
    partial_template_name = "meetings/_decision_table.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.decision_register(self.request.user, self.coalition)

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        del filterset.form.fields["coalition"]
        filterset.form.fields["meeting"].queryset = filterset.form.fields["meeting"].queryset.filter(
            coalition=self.coalition
        )
        return filterset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        context["model"] = Decision
        return context
