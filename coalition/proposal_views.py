"""Pages of the registry proposals: a coalition's secretariat proposes, a registry manager decides."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView

from coalition import proposals
from coalition.forms import (
    ConfirmForm,
    FxRateProposalForm,
    ParticipantProposalForm,
    ProposalDecisionForm,
    RenameProposalForm,
)
from coalition.models import Participant, RegistryProposal
from coalition.permissions import ADD, VIEW, can, is_registry_manager
from coalition.viewmixins import CoalitionMixin, ServiceFormView


class ProposalListView(CoalitionMixin, ListView):
    """The coalition's own proposals and their decisions (its secretariat only)."""

    template_name = "coalition/proposal_list.html"
    context_object_name = "proposals"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        if not self.can(VIEW, RegistryProposal):
            raise PermissionDenied(_("Only the coalition's secretariat sees its proposals."))
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return (
            RegistryProposal.objects.visible_to(self.request.user)
            .filter(coalition=self.coalition)
            .select_related("participant", "proposed_by", "decided_by")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_propose"] = self.can(ADD, RegistryProposal)
        return context


class _ProposeView(CoalitionMixin, ServiceFormView):
    permission = ADD
    success_message = gettext_lazy("Proposal sent: a registry manager will accept or reject it.")

    def permission_target(self):
        return RegistryProposal

    def permission_kwargs(self):
        return {"coalition": self.coalition}

    def get_success_url(self):
        return reverse("proposal-list", args=[self.coalition.slug])


class ProposeParticipantView(_ProposeView):
    form_class = ParticipantProposalForm
    title = gettext_lazy("Propose a participant")

    def perform(self, form):
        return proposals.propose_participant(
            actor=self.request.user, coalition=self.coalition, **form.cleaned_data
        )


class ProposeRenameView(_ProposeView):
    form_class = RenameProposalForm
    title = gettext_lazy("Propose a new name")

    def setup_objects(self):
        self.participant = get_object_or_404(
            Participant.objects.visible_to(self.request.user), code=self.kwargs["code"]
        )

    def get_initial(self):
        return {"name": self.participant.name}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subject"] = self.participant
        return context

    def perform(self, form):
        return proposals.propose_participant_rename(
            actor=self.request.user,
            coalition=self.coalition,
            participant=self.participant,
            **form.cleaned_data,
        )


class ProposeFxRateView(_ProposeView):
    form_class = FxRateProposalForm
    title = gettext_lazy("Propose an exchange rate")

    def perform(self, form):
        return proposals.propose_fx_rate(
            actor=self.request.user, coalition=self.coalition, **form.cleaned_data
        )


class ProposalWithdrawView(CoalitionMixin, ServiceFormView):
    form_class = ConfirmForm
    permission = proposals.WITHDRAW
    title = gettext_lazy("Withdraw the proposal")
    success_message = gettext_lazy("Proposal withdrawn.")

    def setup_objects(self):
        self.proposal = get_object_or_404(
            RegistryProposal.objects.visible_to(self.request.user).filter(
                coalition__slug=self.kwargs["slug"]
            ),
            pk=self.kwargs["pk"],
        )

    def permission_target(self):
        return self.proposal

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subject"] = self.proposal
        return context

    def perform(self, form):
        return proposals.proposal_withdraw(actor=self.request.user, proposal=self.proposal)

    def get_success_url(self):
        return reverse("proposal-list", args=[self.coalition.slug])


class RegistryManagerMixin:
    """Pages of the registry managers (portal-wide): everyone else gets 403."""

    def dispatch(self, request, *args, **kwargs):
        if not is_registry_manager(request.user):
            raise PermissionDenied(_("Only registry managers decide proposals."))
        return super().dispatch(request, *args, **kwargs)


class ProposalQueueView(RegistryManagerMixin, ListView):
    """Every coalition's proposals, pending first."""

    template_name = "coalition/proposal_queue.html"
    context_object_name = "proposals"
    paginate_by = 50

    def get_queryset(self):
        status = self.request.GET.get("status", RegistryProposal.Status.PENDING)
        queryset = RegistryProposal.objects.visible_to(self.request.user).select_related(
            "coalition", "participant", "proposed_by", "decided_by"
        )
        if status in RegistryProposal.Status.values:
            queryset = queryset.filter(status=status)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statuses"] = RegistryProposal.Status.choices
        context["status"] = self.request.GET.get("status", RegistryProposal.Status.PENDING)
        return context


class ProposalDecideView(ServiceFormView):
    form_class = ProposalDecisionForm
    permission = proposals.DECIDE
    template_name = "coalition/proposal_decide.html"
    title = gettext_lazy("Decide a proposal")

    def setup_objects(self):
        self.proposal = get_object_or_404(
            RegistryProposal.objects.visible_to(self.request.user).select_related(
                "coalition", "participant", "fx_rate", "proposed_by", "decided_by"
            ),
            pk=self.kwargs["pk"],
        )

    def permission_target(self):
        return self.proposal

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["proposal"] = self.proposal
        context["can_decide"] = can(self.request.user, proposals.DECIDE, self.proposal)
        return context

    def perform(self, form):
        if form.cleaned_data["decision"] == ProposalDecisionForm.ACCEPT:
            self.success_message = _("Accepted: the registry is updated.")
            return proposals.proposal_accept(
                actor=self.request.user, proposal=self.proposal, note=form.cleaned_data["note"]
            )
        self.success_message = _("Rejected.")
        return proposals.proposal_reject(
            actor=self.request.user, proposal=self.proposal, note=form.cleaned_data["note"]
        )

    def get_success_url(self):
        return reverse("proposal-queue")
