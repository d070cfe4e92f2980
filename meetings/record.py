"""The record of decisions of a meeting, for circulation: its decisions, the decisions adopted by written
procedure since the previous meeting held, and its action items; as printable HTML, PDF (xhtml2pdf, with
the vendored DejaVu font so Ukrainian prints) and DOCX (python-docx). The coalition's default
classification marking heads and foots every page."""

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from meetings import selectors
from meetings.models import Decision, Meeting
from meetings.text import one_line, plain_text

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class Record:
    meeting: Meeting
    marking: str
    decisions: list
    procedure_decisions: list
    action_items: list
    attendance: object
    generated_at: object

    @property
    def filename_stem(self) -> str:
        return f"{self.meeting.coalition.slug}-SG{self.meeting.number}-record-of-decisions"


def previous_held(meeting: Meeting):
    return (
        Meeting.objects.filter(
            coalition_id=meeting.coalition_id, status=Meeting.Status.HELD, starts_at__lt=meeting.starts_at
        )
        .order_by("-starts_at")
        .first()
    )


def build(meeting: Meeting) -> Record:
    from meetings.services.documents import default_marking

    marking = default_marking(meeting.coalition_id)
    since = previous_held(meeting)
    by_procedure = Decision.objects.filter(
        coalition_id=meeting.coalition_id, written_procedure__isnull=False, decided_on__lte=meeting.local_date
    )
    if since is not None:
        by_procedure = by_procedure.filter(decided_on__gt=since.local_date)
    return Record(
        meeting=meeting,
        marking=marking.label if marking else "",
        decisions=list(selectors.decisions(meeting)),
        procedure_decisions=list(
            by_procedure.select_related("written_procedure").prefetch_related("related_pledges__donor")
        ),
        action_items=list(selectors.action_items_of(meeting)),
        attendance=selectors.attendance_summary(meeting),
        generated_at=timezone.now(),
    )


def render_pdf(record: Record) -> bytes:
    from xhtml2pdf import pisa

    font = finders.find("vendor/dejavu/DejaVuSans.ttf")
    bold = finders.find("vendor/dejavu/DejaVuSans-Bold.ttf")
    html = render_to_string(
        "meetings/record_pdf.html",
        {
            "record": record,
            "meeting": record.meeting,
            "coalition": record.meeting.coalition,
            "font_path": Path(font).as_uri() if font else "",
            "bold_font_path": Path(bold).as_uri() if bold else "",
        },
    )
    out = BytesIO()
    result = pisa.CreatePDF(html, dest=out, encoding="utf-8")
    if result.err:
        raise RuntimeError(f"PDF rendering failed with {result.err} errors")
    return out.getvalue()


def _day(value) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def render_docx(record: Record) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    meeting = record.meeting
    document = Document()
    document.core_properties.title = one_line(_("Record of decisions: %(title)s") % {"title": meeting.title})
    document.core_properties.subject = record.marking
    if record.marking:
        section = document.sections[0]
        for part in (section.header, section.footer):
            paragraph = part.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(record.marking)
            run.bold = True
            run.font.size = Pt(10)
            run.font.color.rgb = RGBColor(0xB7, 0x1C, 0x1C)
    document.add_heading(one_line(_("Record of decisions")), level=0)
    document.add_paragraph(
        one_line(
            f"{meeting.coalition.name} · {meeting.title} · "
            f"{formats.date_format(timezone.localtime(meeting.starts_at), 'DATETIME_FORMAT')}"
            + (f" · {meeting.place}" if meeting.place else "")
        )
    )
    attendance = record.attendance
    if attendance.total:
        document.add_paragraph(
            _("Present: %(states)s participating states, %(observers)s observers; %(orgs)s.")
            % {
                "states": attendance.participating_states,
                "observers": attendance.observers,
                "orgs": ", ".join(attendance.organisations) or "—",
            }
        )
    document.add_heading(_("Decisions"), level=1)
    if not record.decisions:
        document.add_paragraph(_("No decision recorded."))
    for decision in record.decisions:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{decision.reference}  ").bold = True
        paragraph.add_run(plain_text(decision.text))
        if decision.is_illustrative:
            paragraph.add_run("  (" + _("illustrative") + ")").italic = True
    if record.procedure_decisions:
        document.add_heading(_("Adopted by written procedure since the previous meeting"), level=1)
        for decision in record.procedure_decisions:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{decision.reference} ({_day(decision.decided_on)})  ").bold = True
            paragraph.add_run(plain_text(decision.text))
    document.add_heading(_("Action items"), level=1)
    if record.action_items:
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, label in zip(
            table.rows[0].cells, (_("Action"), _("Owner"), _("Due"), _("Status")), strict=True
        ):
            cell.text = label
        for item in record.action_items:
            row = table.add_row().cells
            row[0].text = one_line(item.title)
            row[1].text = one_line(item.owner_label)
            row[2].text = _day(item.due_on) if item.due_on else "—"
            row[3].text = str(item.get_status_display())
    else:
        document.add_paragraph(_("None."))
    footer = document.add_paragraph(
        _("Generated by the Coalition Portal on %(when)s.")
        % {"when": formats.date_format(timezone.localtime(record.generated_at), "DATETIME_FORMAT")}
    )
    footer.runs[0].italic = True
    out = BytesIO()
    document.save(out)
    return out.getvalue()
