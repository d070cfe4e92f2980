"""Exchange-rate pages: the list, one rate at a time, and the upload of an ECB file."""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from django_filters.views import FilterView

from coalition.permissions import ADD
from coalition.viewmixins import CoalitionMixin, HtmxPartialMixin, ServiceFormView
from contributions import selectors, services
from contributions.ecb import read_rates_file
from contributions.filters import FxRateFilter
from contributions.forms import FxRateForm, FxRateUploadForm
from contributions.models import FxRate

UPLOAD_SALT = "contributions.fx-upload"
# A page request writes at most this many rates (a few seconds): the full history's first load (≈ 200,000
# rates, about a minute) is for `manage.py load_fx_rates`, so no request outlives the web worker's timeout.
PAGE_MAX_WRITES = 15000


class FxRateListView(CoalitionMixin, HtmxPartialMixin, FilterView):
    filterset_class = FxRateFilter
    template_name = "contributions/fx_rate_list.html"
    partial_template_name = "contributions/_fx_rate_table.html"
    paginate_by = 100

    def get_queryset(self):
        return selectors.fx_rates_for(self.request.user).order_by("currency", "-date")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = services.can_write_rates(self.request.user)
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


class FxRateUploadView(CoalitionMixin, FormView):
    """Upload an ECB file → a dry run says what would be added, changed, left unchanged or skipped, and
    which rates jump → load it (jumps only when explicitly confirmed). The checked file travels back
    signed, so the load writes exactly what was checked (and checks it again)."""

    form_class = FxRateUploadForm
    template_name = "contributions/fx_rate_upload.html"

    def _check(self):
        if not services.can_write_rates(self.request.user):
            raise PermissionDenied(_("You do not have permission to do this."))

    def get(self, request, *args, **kwargs):
        self._check()
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def post(self, request, *args, **kwargs):
        self._check()
        token = request.POST.get("checked")
        if token:
            try:
                payload = signing.loads(token, salt=UPLOAD_SALT, max_age=3600)
            except signing.BadSignature:
                messages.error(request, _("The checked file has expired; upload it again."))
                return redirect("fx-rate-upload", self.coalition.slug)
            if payload.get("user") != request.user.pk:
                raise PermissionDenied(_("You do not have permission to do this."))
            content = payload["content"].encode("latin-1")
            return self._run(
                content,
                payload["name"],
                payload["source"],
                dry_run=False,
                confirm_jumps=request.POST.get("confirm_jumps") == "on",
            )
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        content = upload.read()
        return self._run(content, upload.name, form.cleaned_data["source"], dry_run=True, form=form)

    def _run(self, content, name, source, *, dry_run, confirm_jumps=False, form=None):
        parsed = read_rates_file(content, name)
        report, token = None, None
        if not parsed.errors:
            report = services.fx_rates_load(
                actor=self.request.user,
                rates=parsed.rates,
                source=source or f"ECB euro reference rates ({name})",
                published_on=parsed.newest,
                confirm_jumps=confirm_jumps,
                dry_run=dry_run,
                max_writes=PAGE_MAX_WRITES,
            )
            if report.written:
                messages.success(
                    self.request,
                    _(
                        "%(name)s loaded: %(added)d rate(s) added, %(changed)d changed, "
                        "%(unchanged)d unchanged."
                    )
                    % {
                        "name": name,
                        "added": report.added,
                        "changed": len(report.changed),
                        "unchanged": report.unchanged,
                    },
                )
                return redirect("fx-rate-list", self.coalition.slug)
            if report.too_large:
                return self._render(form, parsed, report, None, name, dry_run)
            token = signing.dumps(
                {
                    "user": self.request.user.pk,
                    "name": name,
                    "source": source,
                    "content": content.decode("latin-1"),
                },
                salt=UPLOAD_SALT,
                compress=True,
            )
        return self._render(form, parsed, report, token, name, dry_run)

    def _render(self, form, parsed, report, token, name, dry_run):
        return self.render_to_response(
            self.get_context_data(
                form=form or self.get_form_class()(user=self.request.user),
                parsed=parsed,
                report=report,
                checked_token=token,
                file_name=name,
                changes_shown=report.changed[:100] if report else [],
                page_max_writes=PAGE_MAX_WRITES,
                dry_run=dry_run,
            )
        )
