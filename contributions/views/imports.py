"""Imports of pledges and payments: upload, dry run (created / changed / unchanged, every error of every
row), write the checked file — once."""

import base64
import uuid

from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.generic import FormView

from coalition.permissions import ADD
from coalition.viewmixins import CoalitionMixin
from contributions import transfer
from contributions.forms import PledgeImportForm
from contributions.models import Disbursement, ImportRecord, Pledge

IMPORT_SALT = "contributions.import"
# A checked file larger than this travels in the cache (keyed by its one-time token), not in the signed
# form field: the form's fields are limited by DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB by default).
INLINE_CONTENT_MAX = 512 * 1024
CONTENT_KEY = "contributions.import.content:{once}"
IMPORTERS = {
    ImportRecord.Kind.PLEDGES: (transfer.import_pledges, Pledge),
    ImportRecord.Kind.PAYMENTS: (transfer.import_payments, Disbursement),
}


class PledgeImportView(CoalitionMixin, FormView):
    """Upload → dry run (each row's result: created, changed field by field, unchanged; every error by
    row and column; formula-like cells flagged; a file already imported recognised) → write the checked
    file.

    The checked file travels back signed (never trusted unsigned) with a one-time token, so the import
    writes exactly what was checked, checks it again when written, and writes it once: the same token
    posted again (a double click) writes nothing.
    """

    form_class = PledgeImportForm
    template_name = "contributions/pledge_import.html"

    def get(self, request, *args, **kwargs):
        self._check(ImportRecord.Kind.PLEDGES)
        return super().get(request, *args, **kwargs)

    def _check(self, kind):
        model = IMPORTERS.get(kind, IMPORTERS[ImportRecord.Kind.PLEDGES])[1]
        if not self.can(ADD, model):
            raise PermissionDenied(_("You do not have permission to do this."))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def post(self, request, *args, **kwargs):
        token = request.POST.get("checked")
        if not token:
            self._check(request.POST.get("kind") or ImportRecord.Kind.PLEDGES)
            return super().post(request, *args, **kwargs)
        try:
            payload = signing.loads(token, salt=IMPORT_SALT, max_age=3600)
        except signing.BadSignature:
            self._check(ImportRecord.Kind.PLEDGES)
            messages.error(request, _("The checked file has expired; upload it again."))
            return redirect("pledge-import", self.coalition.slug)
        self._check(payload.get("kind"))
        if payload.get("user") != request.user.pk or payload.get("coalition") != self.coalition.pk:
            raise PermissionDenied(_("You do not have permission to do this."))
        if "content" in payload:
            content = base64.b64decode(payload["content"])
        else:
            content = cache.get(CONTENT_KEY.format(once=payload["once"]))
            if content is None:
                messages.error(request, _("The checked file has expired; upload it again."))
                return redirect("pledge-import", self.coalition.slug)
        return self._run(
            content, payload["fmt"], payload["name"], payload["kind"], dry_run=False, token=payload["once"]
        )

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        fmt = transfer.detect_format(upload.name)
        if fmt is None:
            form.add_error("file", _("Upload a .csv or .xlsx file."))
            return self.form_invalid(form)
        if upload.size > transfer.max_bytes():
            form.add_error("file", transfer.too_large_message())
            return self.form_invalid(form)
        return self._run(upload.read(), fmt, upload.name, form.cleaned_data["kind"], dry_run=True, form=form)

    def _run(self, content, fmt, name, kind, *, dry_run, form=None, token=""):
        importer = IMPORTERS[kind][0]
        try:
            report = importer(
                actor=self.request.user,
                coalition=self.coalition,
                content=content,
                fmt=fmt,
                dry_run=dry_run,
                token=token,
                file_name=name,
            )
        except transfer.AlreadyImported as done:
            messages.warning(self.request, _already(done.record))
            return redirect("pledge-list", self.coalition.slug)
        if report.written:
            messages.success(
                self.request,
                _("%(name)s imported: %(created)d created, %(changed)d changed, %(unchanged)d unchanged.")
                % {
                    "name": name,
                    "created": report.created,
                    "changed": report.changed,
                    "unchanged": report.unchanged,
                },
            )
            return redirect("pledge-list", self.coalition.slug)
        checked = None
        if dry_run and report.is_valid:
            payload = {
                "user": self.request.user.pk,
                "coalition": self.coalition.pk,
                "kind": kind,
                "fmt": fmt,
                "name": name,
                "once": uuid.uuid4().hex,
            }
            if len(content) > INLINE_CONTENT_MAX:
                cache.set(CONTENT_KEY.format(once=payload["once"]), content, timeout=3600)
            else:
                payload["content"] = base64.b64encode(content).decode("ascii")
            checked = signing.dumps(payload, salt=IMPORT_SALT, compress=True)
        return self.render_to_response(
            self.get_context_data(
                form=form or self.get_form_class()(user=self.request.user, initial={"kind": kind}),
                report=report,
                checked_token=checked,
                file_name=name,
                kind=kind,
                earlier=[_already(record) for record in report.earlier_imports],
            )
        )


def _already(record: ImportRecord) -> str:
    return _("%(name)s was imported on %(when)s by %(who)s (%(created)d created, %(changed)d changed).") % {
        "name": record.file_name,
        "when": date_format(localtime(record.imported_at), "SHORT_DATETIME_FORMAT"),
        "who": record.imported_by.get_username() if record.imported_by else "—",
        "created": record.created,
        "changed": record.changed,
    }
