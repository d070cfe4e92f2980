"""Import of pledges: upload, dry run, write the checked file."""

import base64

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from coalition.permissions import ADD
from coalition.viewmixins import CoalitionMixin
from contributions import transfer
from contributions.forms import (
    PledgeImportForm,
)
from contributions.models import Pledge

IMPORT_SALT = "contributions.import"


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
