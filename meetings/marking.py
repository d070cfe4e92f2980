"""Classification markings on what leaves the portal: a downloaded file's name carries the marking, and a
PDF gets the marking stamped at the top and the bottom of every page (pypdf and reportlab, both pure
Python and already used for the briefing PDFs)."""

import io
import logging

from pypdf import PdfReader, PdfWriter
from reportlab.lib.colors import Color
from reportlab.pdfgen import canvas

from meetings.text import one_line

logger = logging.getLogger(__name__)
RED = Color(0.72, 0.11, 0.11)


def marked_filename(name: str, marking: str) -> str:
    """`[COALITION RESTRICTED] paper.pdf`: the marking travels with the file."""
    marking = one_line(marking).replace("/", "-").replace("\\", "-")
    return f"[{marking}] {name}" if marking else name


def _overlay(width: float, height: float, marking: str):
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=(width, height))
    sheet.setFillColor(RED)
    sheet.setFont("Helvetica-Bold", 10)
    for y in (height - 18, 10):
        sheet.drawCentredString(width / 2, y, marking)
    sheet.save()
    buffer.seek(0)
    return PdfReader(buffer).pages[0]


def stamp_pdf(content: bytes, marking: str) -> bytes | None:
    """The PDF with `marking` at the top and bottom of each page; None when it cannot be read (encrypted,
    damaged): the caller then serves the file as uploaded, the marking in its name."""
    marking = one_line(marking)
    if not marking:
        return content
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            return None
        writer = PdfWriter(clone_from=reader)
        overlays = {}
        for page in writer.pages:
            box = page.mediabox
            size = (float(box.width), float(box.height))
            if size not in overlays:
                overlays[size] = _overlay(*size, marking)
            page.merge_page(overlays[size])
        writer.add_metadata({"/Subject": marking})
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    except Exception as exc:  # pypdf raises many kinds: the file is then served as uploaded
        logger.warning("could not stamp the marking on a PDF: %s", exc)
        return None
