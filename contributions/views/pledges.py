"""Pledge pages: list (with totals), export, detail, forms, the per-state summary."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_filters.views import FilterView

from coalition import figures
from coalition.fastselect import fast_selects
from coalition.permissions import ADD, CHANGE, DELETE, can
from coalition.viewmixins import CoalitionMixin, HtmxPartialMixin, ServiceFormView
from contributions import selectors, services, transfer
from contributions.filters import PledgeFilter
from contributions.forms import (
    ConfirmForm,
    PledgeCreateForm,
    PledgeForm,
    PledgeTransitionForm,
    ReviewConfirmForm,
)
from contributions.models import REVIEW, Disbursement, Pledge, ReportedTotal
from procurement.selectors import allocations_for_pledge


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
        fields = filterset.form.fields
        del fields["coalition"]
        fields["meeting"].queryset = fields["meeting"].queryset.only("pk", "title", "starts_at")  # str()
        fast_selects(filterset.form)  # 700 meetings: Django's template renders two includes per option
        return filterset


class PledgeListView(CoalitionMixin, PledgeFilterMixin, HtmxPartialMixin, FilterView):
    """Pledges with filters, sorting, and EUR totals of the whole filtered set (not only the page)."""

    template_name = "contributions/pledge_list.html"
    partial_template_name = "contributions/_pledge_table.html"
    paginate_by = 50

    known_count = None

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        if self.known_count is not None:
            paginator.count = self.known_count  # the totals counted the same rows: no COUNT query
        return paginator

    def get_context_data(self, **kwargs):
        filtered = self.filterset.qs if self.filterset.is_valid() else self.get_queryset().none()
        totals = selectors.totals(figures.without_illustrations(filtered, self.request))
        if not figures.facts_only(self.request):  # the totals' set is the listed one
            self.known_count = totals.pledges
        context = super().get_context_data(**kwargs)
        context["totals"] = totals
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
            can_see_evidence=can(user, CHANGE, pledge) or can(user, REVIEW, pledge),
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


class StateSummaryView(CoalitionMixin, TemplateView):
    """Per state: pledged / confirmed / committed / paid / outstanding in EUR; reported totals reconciled."""

    template_name = "contributions/state_summary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        facts_only = figures.facts_only(self.request)
        context["rows"], context["totals"] = selectors.state_summary_with_totals(
            user, self.coalition, facts_only=facts_only
        )
        reported = list(selectors.reported_totals_for(user, self.coalition))
        context["reported"] = [(r, selectors.reconcile(r)) for r in reported]
        context["can_add_reported"] = self.can(ADD, ReportedTotal)
        return context


class DeletedRecordsView(CoalitionMixin, TemplateView):
    """The secretariat's page of deleted pledges, payments and reported totals: when, by whom, what they
    were, and a deleted pledge's whole history (its versions and its payments')."""

    template_name = "contributions/deleted_records.html"

    def get(self, request, *args, **kwargs):
        if not self.can(CHANGE, Pledge):
            raise PermissionDenied(_("You do not have permission to do this."))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entries = selectors.deleted_records(self.coalition)
        shown = self.request.GET.get("pledge")
        for entry in entries:
            if entry["pledge_history"] and str(entry["id"]) == shown:
                entry["history"] = selectors.pledge_history(entry["id"])
        context["entries"] = entries
        return context
