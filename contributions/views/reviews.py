"""The delegate's review: confirm, dispute, and the review status of every state."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from coalition.permissions import CHANGE, can
from coalition.viewmixins import CoalitionMixin, ServiceFormView
from contributions import selectors, services
from contributions.evidence import content_type_of
from contributions.forms import RecordConfirmationForm, ReviewConfirmForm, ReviewDisputeForm
from contributions.models import REVIEW, PledgeReview
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
            context["awaiting"] = list(selectors.reviews_awaiting(user, self.coalition))
        return context


class PledgeRecordConfirmationView(_PledgeFormMixin, ServiceFormView):
    """The secretariat records a confirmation received outside the portal, with the e-mail or document."""

    form_class = RecordConfirmationForm
    permission = CHANGE
    title = gettext_lazy("Record a confirmation received outside the portal")
    success_message = gettext_lazy("Confirmation recorded with its evidence.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "pledge": self.pledge}

    def get_initial(self):
        return {"received_on": timezone.localdate()}

    def perform(self, form):
        data = form.cleaned_data
        return services.pledge_record_confirmation(
            actor=self.request.user,
            pledge=self.pledge,
            confirmed_by_name=data["confirmed_by_name"],
            delegate=data["delegate"],
            channel=data["channel"],
            received_on=data["received_on"],
            evidence=data["evidence"],
            comment=data["comment"],
        )


class ReviewEvidenceView(CoalitionMixin, View):
    """The evidence of a recorded confirmation, for the secretariat and the donor's delegates only."""

    def get(self, request, slug, pk):
        review = get_object_or_404(
            PledgeReview.objects.visible_to(request.user)
            .filter(pledge__coalition=self.coalition)
            .exclude(evidence="")
            .select_related("pledge"),
            pk=pk,
        )
        user = request.user
        if not (can(user, CHANGE, review.pledge) or can(user, REVIEW, review.pledge)):
            raise PermissionDenied(_("You do not have permission to do this."))
        try:
            handle = review.evidence.open("rb")
        except (FileNotFoundError, OSError):
            raise Http404(_("The file is missing from the document store.")) from None
        return FileResponse(
            handle,
            as_attachment=True,
            filename=review.evidence_name or "evidence",
            content_type=content_type_of(review.evidence_name),
        )
