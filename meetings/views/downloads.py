"""Serving a document version: only through this permission-checked code, never from a public URL. The
classification marking goes into the file name and a header, and onto every page of a PDF."""

from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext as _

from meetings.marking import marked_filename, stamp_pdf
from meetings.models import DocumentVersion


def version_response(version: DocumentVersion) -> HttpResponse:
    marking = version.document.marking
    filename = marked_filename(version.original_name, marking)
    try:
        handle = version.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404(_("The file is missing from storage.")) from None
    if marking and version.content_type == "application/pdf":
        with handle:
            stamped = stamp_pdf(handle.read(), marking)
        if stamped is not None:
            response = HttpResponse(stamped, content_type="application/pdf")
            response["Content-Disposition"] = _disposition(filename)
            return _headers(response, marking)
        handle = version.file.open("rb")
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=version.content_type)
    return _headers(response, marking)


def _disposition(filename: str) -> str:
    from django.utils.http import content_disposition_header

    return content_disposition_header(True, filename)


def _headers(response, marking):
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if marking:
        response["X-Classification-Marking"] = marking.encode("ascii", "replace").decode("ascii")
    return response
