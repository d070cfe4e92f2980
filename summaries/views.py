"""Dashboard pages: the latest snapshot, regenerate with progress, charts, history and what changed."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from coalition import figures
from coalition.outages import RETRY_AFTER_SECONDS, unavailable_response
from coalition.permissions import ADD, can
from coalition.viewmixins import CoalitionMixin, HtmxPartialMixin
from summaries import payload as payloads
from summaries import selectors, services
from summaries.charts import bar_chart
from summaries.diff import Incomparable, diff_payloads
from summaries.models import BriefingPack, SummaryJob


def _facts_only(request) -> bool:
    return figures.facts_only(request)


def charts_for(payload, variant="all"):
    """The dashboard's charts from a current payload (none for an old-layout snapshot)."""
    if not payload or not payloads.is_current(payload):
        return []
    contributions = payload["contributions"]
    roadmap = payload["roadmap"]
    states = [(row["participant"]["name"], row[variant]) for row in contributions["by_state"]]
    pipeline = [
        (payloads.roadmap_stage_label(row["stage"]), row[variant])
        for row in roadmap["by_stage"]
        if row["stage"] != "cancelled"
    ]
    quarters = [
        (f"{row['year']} Q{row['quarter']}" if row.get("quarter") else f"{row['year']}", row[variant])
        for row in roadmap["by_quarter"]
    ]
    return [
        bar_chart(
            gettext_lazy("Paid against pledged, per state (EUR)"),
            states,
            [("pledged_eur", "pledged", gettext_lazy("Pledged")), ("paid_eur", "paid", gettext_lazy("Paid"))],
            unknown=gettext_lazy("undisclosed"),
        ),
        bar_chart(
            gettext_lazy("Roadmap pipeline (items by stage)"),
            pipeline,
            [("items", "items", gettext_lazy("Items"))],
            money=False,
        ),
        bar_chart(
            gettext_lazy("Funding gap by quarter (EUR)"),
            quarters,
            [
                ("funded_eur", "funded", gettext_lazy("Funded")),
                ("gap_low_eur", "gap", gettext_lazy("Gap (low estimate)")),
                ("gap_high_eur", "gap-high", gettext_lazy("Gap (high estimate)")),
            ],
        ),
    ]


def figures_context(request, payload) -> dict:
    """What the figures templates need: the payload, the variant shown, and whether it is an old layout."""
    facts_only = _facts_only(request)
    variant = payloads.variant_for(facts_only)
    return {
        "payload": payload,
        "variant": variant,
        "facts_only": facts_only,
        "legacy": bool(payload) and not payloads.is_current(payload),
        "charts": charts_for(payload, variant),
    }


class DashboardView(CoalitionMixin, TemplateView):
    """The dashboard; `?present=1`: the projector view (headline and charts on one 1280x720 screen)."""

    template_name = "summaries/dashboard.html"

    def get_template_names(self):
        if self.request.method == "GET" and self.request.GET.get("present") == "1":
            return ["summaries/present.html"]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["present"] = self.request.GET.get("present") == "1"
        snapshot = selectors.latest_snapshot(self.request.user, self.coalition)
        context["snapshot"] = snapshot
        context.update(figures_context(self.request, snapshot.payload if snapshot else None))
        context["history"] = selectors.snapshot_list_for(self.request.user, self.coalition)[:20]
        context["can_regenerate"] = self.can(ADD, SummaryJob)
        job_id = self.request.GET.get("job")
        context["job"] = (
            selectors.jobs_for(self.request.user, self.coalition).filter(pk=job_id).first()
            if job_id and _is_uuid(job_id)
            else selectors.running_job(self.coalition)
        )
        return context


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


class RegenerateView(DashboardView):
    """POST: queue a summary job and come back to the dashboard, which follows its progress. If the queue
    is unreachable: the dashboard (latest summary still shown) with the error, as a 503."""

    http_method_names = ["post"]

    def post(self, request, slug):
        if not can(request.user, ADD, SummaryJob, coalition=self.coalition):
            raise PermissionDenied
        try:
            job = services.request_summary(actor=request.user, coalition=self.coalition)
        except services.QueueUnavailable as exc:
            messages.error(request, exc.message)
            response = self.render_to_response(self.get_context_data(), status=503)
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        messages.info(request, _("Summary queued; this page follows its progress."))
        return redirect(f"{reverse('dashboard', args=[slug])}?job={job.pk}")


class JobStatusView(CoalitionMixin, HtmxPartialMixin, TemplateView):
    """The job's progress: an htmx partial polled every two seconds while it runs; a page when opened."""

    template_name = "summaries/job_status.html"
    partial_template_name = "summaries/_job_status.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["job"] = get_object_or_404(
            selectors.jobs_for(self.request.user, self.coalition), pk=kwargs["pk"]
        )
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        job = context["job"]
        if getattr(self.request, "htmx", False) and job.state == SummaryJob.State.SUCCEEDED:
            response["HX-Refresh"] = "true"  # show the new figures
        return response


class SnapshotView(CoalitionMixin, TemplateView):
    template_name = "summaries/snapshot.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        snapshot = get_object_or_404(
            selectors.snapshots_for(self.request.user, self.coalition), pk=kwargs["pk"]
        )
        context.update(snapshot=snapshot, **figures_context(self.request, snapshot.payload))
        return context


class ChangesView(CoalitionMixin, TemplateView):
    """What changed between two snapshots (?from=ID&to=ID; default: the two latest)."""

    template_name = "summaries/changes.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        snapshots = selectors.snapshots_for(self.request.user, self.coalition)
        ids = [self.request.GET.get("from"), self.request.GET.get("to")]
        if all(i and i.isdigit() for i in ids):
            pair = [get_object_or_404(snapshots, pk=int(i)) for i in ids]
        elif any(ids):
            raise Http404(_("Give two snapshot ids: ?from=…&to=…"))
        else:
            pair = list(snapshots[:2])[::-1]
        context["choices"] = selectors.snapshot_list_for(self.request.user, self.coalition)[:50]
        if len(pair) < 2:
            context["diff"] = None
            return context
        older, newer = sorted(pair, key=lambda s: (s.data_as_of, s.generated_at))
        context.update(older=older, newer=newer, facts_only=_facts_only(self.request))
        try:
            context["diff"] = diff_payloads(older.payload, newer.payload, facts_only=context["facts_only"])
        except Incomparable as exc:
            context.update(diff=None, incomparable=exc.reason)
        return context


class _MeetingMixin(CoalitionMixin):
    def get_meeting(self):
        from meetings.models import Meeting

        return get_object_or_404(
            Meeting.objects.visible_to(self.request.user).filter(coalition=self.coalition),
            number=self.kwargs["number"],
        )


class BriefingPackView(_MeetingMixin, TemplateView):
    """The latest briefing pack of a meeting: printable HTML, or PDF with ?format=pdf."""

    template_name = "summaries/briefing.html"

    def get(self, request, *args, **kwargs):
        from summaries.briefing import pack_context, render_pdf

        meeting = self.get_meeting()
        pack = (
            BriefingPack.objects.filter(meeting=meeting)
            .select_related("snapshot", "previous_snapshot", "meeting")
            .order_by("-generated_at")
            .first()
        )
        job = selectors.jobs_for(request.user, self.coalition).filter(meeting=meeting).first()
        if pack and request.GET.get("format") == "pdf":
            pdf = render_pdf(pack, {**pack_context(pack), "coalition": self.coalition})
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = (
                f'inline; filename="briefing-{self.coalition.slug}-meeting-{meeting.number}.pdf"'
            )
            return response
        context = self.get_context_data(meeting=meeting, job=job, can_build=self.can(ADD, BriefingPack))
        if pack:
            context.update(pack_context(pack))
        return self.render_to_response(context)


class BriefingPackBuildView(_MeetingMixin, View):
    def post(self, request, slug, number):
        meeting = self.get_meeting()
        if not can(request.user, ADD, BriefingPack, coalition=self.coalition):
            raise PermissionDenied
        try:
            services.request_briefing_pack(actor=request.user, meeting=meeting)
        except services.QueueUnavailable as exc:
            return unavailable_response(request, exc.message)
        else:
            messages.info(
                request, _("The briefing pack is being built; this page shows it when it is ready.")
            )
        return redirect("briefing-pack", slug, number)
