"""Contribution pages. Views are configuration: rules live in services, reads in selectors."""

import base64

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from django_filters.views import FilterView

from coalition.permissions import ADD, CHANGE, DELETE, can
from coalition.viewmixins import CoalitionMixin, HtmxPartialMixin, ServiceFormView
from contributions import selectors, services, transfer
from contributions.filters import FxRateFilter, PledgeFilter
from contributions.forms import (
    ConfirmForm,
    DisbursementForm,
    FxRateForm,
    PledgeCreateForm,
    PledgeForm,
    PledgeImportForm,
    PledgeTransitionForm,
    ReportedTotalForm,
    ReviewConfirmForm,
    ReviewDisputeForm,
)
from contributions.models import REVIEW, Disbursement, FxRate, Pledge, ReportedTotal
from procurement.selectors import allocations_for_pledge

IMPORT_SALT = "contributions.import"


class PledgeFilterMixin:
    """The pledge list's filters, scoped to the page's coalition (the coalition is not a choice here)."""

    filterset_class = PledgeFilter

    def get_queryset(self):
        return selectors.pledges_for(self.request.user, self.coalition)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["data"] = self.request.GET.copy()
        kwargs["data"]["coalition"] = str(self.coalition.pk)
        kwargs["coalition"] = self.coalition
        return kwargs

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        del filterset.form.fields["coalition"]
        return filterset


class PledgeListView(CoalitionMixin, PledgeFilterMixin, HtmxPartialMixin, FilterView):
    """Pledges with filters, sorting, and EUR totals of the whole filtered set (not only the page)."""

    template_name = "contributions/pledge_list.html"
    partial_template_name = "contributions/_pledge_table.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filtered = self.filterset.qs if self.filterset.is_valid() else self.get_queryset().none()
        context["totals"] = selectors.totals(filtered)
        context["can_add"] = self.can(ADD, Pledge)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        query.pop("ordering", None)
        context["query_without_ordering"] = query.urlencode()
        context["ordering"] = self.request.GET.get("ordering", "")
        return context


class PledgeExportView(CoalitionMixin, PledgeFilterMixin, FilterView):
    """The filtered list as CSV or XLSX (`?format=csv|xlsx` plus the list's filters)."""

    def render_to_response(self, context, **response_kwargs):
        fmt = self.request.GET.get("format", "csv")
        if fmt not in transfer.FORMATS:
            raise Http404(_("Unknown export format."))
        if not self.filterset.is_valid():
            return HttpResponse(str(self.filterset.errors), status=400, content_type="text/plain")
        content = transfer.export_bytes(self.filterset.qs, fmt)
        content_type = (
            "text/csv; charset=utf-8"
            if fmt == "csv"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response = HttpResponse(content, content_type=content_type)
        stamp = timezone.now().strftime("%Y%m%d")
        response["Content-Disposition"] = (
            f'attachment; filename="pledges-{self.coalition.slug}-{stamp}.{fmt}"'
        )
        return response

    def get_template_names(self):
        return []

    def get_context_data(self, **kwargs):
        return {}

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset(self.get_filterset_class())
        return self.render_to_response({})


class _PledgeMixin(CoalitionMixin):
    def get_pledge(self):
        return get_object_or_404(
            selectors.pledges_for(self.request.user, self.coalition).select_related("reviewed_by"),
            pk=self.kwargs["pk"],
        )


class PledgeDetailView(_PledgeMixin, TemplateView):
    """A pledge with its payments, review, lifecycle, history, what it funds and the decisions naming it."""

    template_name = "contributions/pledge_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            pledge = selectors.pledge_detail(self.request.user, self.coalition, self.kwargs["pk"])
        except Pledge.DoesNotExist:
            raise Http404 from None
        user = self.request.user
        context.update(
            pledge=pledge,
            transitions=pledge.transitions.all(),
            disbursements=pledge.disbursements.all(),
            reviews=pledge.reviews.all(),
            history=selectors.pledge_history(pledge),
            can_edit=can(user, CHANGE, pledge),
            can_delete=can(user, DELETE, pledge) and not pledge.disbursements.all(),
            can_review=can(user, REVIEW, pledge),
            can_pay=can(user, ADD, Disbursement, coalition=self.coalition, owner=pledge.donor_id)
            and pledge.status in services.PAYABLE
            and pledge.amount is not None,
            next_statuses=services.allowed_transitions(pledge),
            confirm_form=ReviewConfirmForm(initial=_seen_initial(pledge)),
            allocations=allocations_for_pledge(pledge, user=user),
            decisions=pledge.decisions.select_related("meeting"),
        )
        return context


def _seen_initial(pledge):
    figures = pledge.figures(pledge.paid)
    return {k: figures[k] or "" for k in ("amount", "currency", "status", "paid")}


# Forms ----------


class PledgeCreateView(CoalitionMixin, ServiceFormView):
    form_class = PledgeCreateForm
    permission = ADD
    title = gettext_lazy("Record a pledge")

    def permission_target(self):
        return Pledge

    def permission_kwargs(self):
        return {"coalition": self.coalition}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "coalition": self.coalition}

    def get_initial(self):
        return {"announced_on": timezone.localdate(), "currency": "EUR"}

    def perform(self, form):
        return services.pledge_create(actor=self.request.user, coalition=self.coalition, **form.cleaned_data)

    def get_success_url(self):
        return reverse("pledge-detail", args=[self.coalition.slug, self.object.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = reverse("pledge-list", args=[self.coalition.slug])
        return context


class _PledgeFormMixin(_PledgeMixin):
    def setup_objects(self):
        self.coalition_slug = self.kwargs["slug"]
        self.pledge = get_object_or_404(
            Pledge.objects.visible_to(self.request.user)
            .filter(coalition__slug=self.kwargs["slug"])
            .select_related("donor", "coalition"),
            pk=self.kwargs["pk"],
        )

    def permission_target(self):
        return self.pledge

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subject"] = self.pledge
        context["cancel_url"] = self.detail_url()
        return context

    def detail_url(self):
        return reverse("pledge-detail", args=[self.kwargs["slug"], self.pledge.pk])

    def get_success_url(self):
        return self.detail_url()


class PledgeEditView(_PledgeFormMixin, ServiceFormView):
    form_class = PledgeForm
    permission = CHANGE
    title = gettext_lazy("Edit pledge")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.pledge, "coalition": self.pledge.coalition}

    def perform(self, form):
        return services.pledge_update(actor=self.request.user, pledge=self.pledge, **form.cleaned_data)


class PledgeTransitionView(_PledgeFormMixin, ServiceFormView):
    form_class = PledgeTransitionForm
    permission = CHANGE
    title = gettext_lazy("Change status")
    success_message = gettext_lazy("Status changed.")

    def get_form_kwargs(self):
        choices = [(s, Pledge.Status(s).label) for s in services.allowed_transitions(self.pledge)]
        return {**super().get_form_kwargs(), "choices": choices}

    def get_initial(self):
        return {"to_status": self.request.GET.get("to", ""), "on": timezone.localdate()}

    def perform(self, form):
        return services.pledge_transition(actor=self.request.user, pledge=self.pledge, **form.cleaned_data)


class PledgeDeleteView(_PledgeFormMixin, ServiceFormView):
    permission = DELETE
    title = gettext_lazy("Delete pledge")
    success_message = gettext_lazy("Pledge deleted; its history is kept.")
    template_name = "contributions/confirm_delete.html"

    form_class = ConfirmForm

    def perform(self, form):
        services.pledge_delete(actor=self.request.user, pledge=self.pledge)
        return None

    def get_success_url(self):
        return reverse("pledge-list", args=[self.kwargs["slug"]])


class DisbursementCreateView(_PledgeFormMixin, ServiceFormView):
    form_class = DisbursementForm
    permission = ADD
    title = gettext_lazy("Record a payment")
    success_message = gettext_lazy("Payment recorded.")

    def permission_target(self):
        return Disbursement

    def permission_kwargs(self):
        return {"coalition": self.pledge.coalition_id, "owner": self.pledge.donor_id}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "pledge": self.pledge}

    def get_initial(self):
        return {"paid_on": timezone.localdate()}

    def perform(self, form):
        return services.disbursement_create(actor=self.request.user, pledge=self.pledge, **form.cleaned_data)


class _DisbursementMixin(_PledgeFormMixin):
    def setup_objects(self):
        self.disbursement = get_object_or_404(
            Disbursement.objects.visible_to(self.request.user)
            .filter(pledge__coalition__slug=self.kwargs["slug"])
            .select_related("pledge", "pledge__donor", "pledge__coalition"),
            pk=self.kwargs["pk"],
        )
        self.pledge = self.disbursement.pledge

    def permission_target(self):
        return self.disbursement

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subject"] = f"{self.pledge} — {self.disbursement}"
        return context


class DisbursementEditView(_DisbursementMixin, ServiceFormView):
    form_class = DisbursementForm
    permission = CHANGE
    title = gettext_lazy("Correct a payment")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.disbursement, "pledge": self.pledge}

    def perform(self, form):
        return services.disbursement_update(
            actor=self.request.user, disbursement=self.disbursement, **form.cleaned_data
        )


class DisbursementDeleteView(_DisbursementMixin, ServiceFormView):
    permission = DELETE
    title = gettext_lazy("Remove a payment")
    success_message = gettext_lazy("Payment removed; its history is kept.")
    template_name = "contributions/confirm_delete.html"

    form_class = ConfirmForm

    def perform(self, form):
        services.disbursement_delete(actor=self.request.user, disbursement=self.disbursement)


# The delegate's review ----------


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


# Summaries ----------


class StateSummaryView(CoalitionMixin, TemplateView):
    """Per state: pledged / confirmed / committed / paid / outstanding in EUR; reported totals reconciled."""

    template_name = "contributions/state_summary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["rows"] = selectors.state_summary(user, self.coalition)
        context["totals"] = selectors.coalition_summary(user, self.coalition)
        reported = list(selectors.reported_totals_for(user, self.coalition))
        context["reported"] = [(r, selectors.reconcile(r)) for r in reported]
        context["can_add_reported"] = self.can(ADD, ReportedTotal)
        return context


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


# Import ----------


class PledgeImportView(CoalitionMixin, FormView):
    """Upload → dry run (every row's result, every error by row and column) → import the checked file.

    The checked file travels back signed (never trusted unsigned) so the import writes exactly what was
    checked; it is checked again when written.
    """

    form_class = PledgeImportForm
    template_name = "contributions/pledge_import.html"

    def get(self, request, *args, **kwargs):
        self._check()
        return super().get(request, *args, **kwargs)

    def _check(self):
        if not self.can(ADD, Pledge):
            raise PermissionDenied(_("You do not have permission to do this."))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def post(self, request, *args, **kwargs):
        self._check()
        token = request.POST.get("checked")
        if token:
            try:
                payload = signing.loads(token, salt=IMPORT_SALT, max_age=3600)
            except signing.BadSignature:
                messages.error(request, _("The checked file has expired; upload it again."))
                return redirect("pledge-import", self.coalition.slug)
            if payload.get("user") != request.user.pk or payload.get("coalition") != self.coalition.pk:
                raise PermissionDenied(_("You do not have permission to do this."))
            content = base64.b64decode(payload["content"])
            return self._run(content, payload["fmt"], payload["name"], dry_run=False)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        fmt = transfer.detect_format(upload.name)
        if fmt is None:
            form.add_error("file", _("Upload a .csv or .xlsx file."))
            return self.form_invalid(form)
        if upload.size > transfer.MAX_BYTES:
            form.add_error("file", _("The file is larger than 2 MB; split it."))
            return self.form_invalid(form)
        return self._run(upload.read(), fmt, upload.name, dry_run=True, form=form)

    def _run(self, content, fmt, name, *, dry_run, form=None):
        report = transfer.import_pledges(
            actor=self.request.user, coalition=self.coalition, content=content, fmt=fmt, dry_run=dry_run
        )
        if report.written:
            messages.success(
                self.request,
                _("%(n)d pledge(s) imported from %(name)s.") % {"n": report.written, "name": name},
            )
            return redirect("pledge-list", self.coalition.slug)
        token = None
        if dry_run and report.is_valid:
            token = signing.dumps(
                {
                    "user": self.request.user.pk,
                    "coalition": self.coalition.pk,
                    "fmt": fmt,
                    "name": name,
                    "content": base64.b64encode(content).decode("ascii"),
                },
                salt=IMPORT_SALT,
                compress=True,
            )
        return self.render_to_response(
            self.get_context_data(
                form=form or self.get_form_class()(user=self.request.user),
                report=report,
                checked_token=token,
                file_name=name,
            )
        )


# Exchange rates and reported totals ----------


class FxRateListView(CoalitionMixin, HtmxPartialMixin, FilterView):
    filterset_class = FxRateFilter
    template_name = "contributions/fx_rate_list.html"
    partial_template_name = "contributions/_fx_rate_table.html"
    paginate_by = 100

    def get_queryset(self):
        return selectors.fx_rates_for(self.request.user).order_by("currency", "-date")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = self.request.user.is_staff or can(self.request.user, ADD, FxRate)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        return context


class FxRateCreateView(CoalitionMixin, ServiceFormView):
    form_class = FxRateForm
    permission = ADD
    title = gettext_lazy("Add an exchange rate")

    def permission_target(self):
        return FxRate

    def perform(self, form):
        return services.fx_rate_create(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return reverse("fx-rate-list", args=[self.coalition.slug])


class ReportedTotalCreateView(CoalitionMixin, ServiceFormView):
    form_class = ReportedTotalForm
    permission = ADD
    title = gettext_lazy("Record a reported total")

    def permission_target(self):
        return ReportedTotal

    def permission_kwargs(self):
        return {"coalition": self.coalition}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "coalition": self.coalition}

    def perform(self, form):
        data = dict(form.cleaned_data)
        return services.reported_total_create(actor=self.request.user, meeting=data.pop("meeting"), **data)

    def get_success_url(self):
        return reverse("pledge-summary", args=[self.coalition.slug])


class ReportedTotalEditView(ReportedTotalCreateView):
    permission = CHANGE
    title = gettext_lazy("Edit a reported total")

    def setup_objects(self):
        self.reported_total = get_object_or_404(
            ReportedTotal.objects.visible_to(self.request.user)
            .filter(meeting__coalition__slug=self.kwargs["slug"])
            .select_related("meeting"),
            pk=self.kwargs["pk"],
        )

    def permission_target(self):
        return self.reported_total

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.reported_total}

    def perform(self, form):
        return services.reported_total_update(
            actor=self.request.user, reported_total=self.reported_total, **form.cleaned_data
        )
