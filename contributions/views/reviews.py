"""The delegate's review: confirm, dispute, and the review status of every state."""

from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from coalition.viewmixins import CoalitionMixin, ServiceFormView
from contributions import selectors, services
from contributions.forms import (
    ReviewConfirmForm,
    ReviewDisputeForm,
)
from contributions.models import REVIEW
from contributions.views.pledges import _PledgeFormMixin, _seen_initial


class PledgeConfirmView(_PledgeFormMixin, ServiceFormView):
    """POST only from the pledge page (the figures seen travel with it); GET shows the same form alone."""

    form_class = ReviewConfirmForm
    permission = REVIEW
    title = gettext_lazy("Confirm figures")
    success_message = gettext_lazy("Figures confirmed.")
    template_name = "contributions/review_form.html"

    def get_initial(self):
        pledge = selectors.pledges_for(self.request.user, self.pledge.coalition).get(pk=self.pledge.pk)
        return _seen_initial(pledge)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pledge"] = selectors.pledges_for(self.request.user, self.pledge.coalition).get(
            pk=self.pledge.pk
        )
        return context

    def perform(self, form):
        return services.pledge_confirm_figures(
            actor=self.request.user,
            pledge=self.pledge,
            seen=form.seen(),
            comment=form.cleaned_data["comment"],
        )


class PledgeDisputeView(PledgeConfirmView):
    form_class = ReviewDisputeForm
    title = gettext_lazy("Dispute figures")
    success_message = gettext_lazy("Dispute recorded; the secretariat will see your comment.")

    def get_initial(self):
        return {}

    def perform(self, form):
        return services.pledge_dispute(
            actor=self.request.user, pledge=self.pledge, comment=form.cleaned_data["comment"]
        )


class ReviewStatusView(CoalitionMixin, TemplateView):
    """Per state: pledges confirmed, disputed (with comments) or needing review. A delegate also sees their
    own state's pledges here with the confirm and dispute actions."""

    template_name = "contributions/review_status.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["rows"] = selectors.review_status_by_state(user, self.coalition)
        role = self.user_role
        if role is not None and role.kind == "delegate":
            own = selectors.pledges_for(user, self.coalition).filter(donor_id=role.participant_id)
            context["own_pledges"] = [(p, ReviewConfirmForm(initial=_seen_initial(p))) for p in own]
            context["own_participant"] = role.participant
        return context
