"""The record of decisions of a meeting, as a page, PDF and DOCX, with the marking on every page."""

import io
from datetime import timedelta

import docx
import pytest
from django.utils import timezone
from pypdf import PdfReader

from meetings import services
from meetings.models import WrittenProcedure
from meetings.tests.factories import ActionItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world):
    services.marking_create(
        actor=world.users.secretariat,
        coalition=world.coalition,
        label="COALITION RESTRICTED",
        is_default=True,
    )
    first = MeetingFactory(coalition=world.coalition, number=1, starts_at=timezone.now() - timedelta(days=90))
    second = MeetingFactory(coalition=world.coalition, number=2, past=True, title="Second meeting")
    services.decision_create(actor=world.users.secretariat, meeting=first, text="Older decision.")
    services.decision_create(actor=world.users.secretariat, meeting=second, text="Експертні групи створено.")
    ActionItemFactory(meeting=second, owner_participant=world.participants.ee, title="Present the work plan")
    procedure = services.procedure_create(
        actor=world.users.secretariat, coalition=world.coalition, title="ToR", draft_decision="Adopt the ToR."
    )
    services.procedure_circulate(
        actor=world.users.secretariat, procedure=procedure, deadline=timezone.now() + timedelta(days=1)
    )
    WrittenProcedure.objects.filter(pk=procedure.pk).update(deadline=timezone.now() - timedelta(days=20))
    services.conclude_due()
    return second


def test_record_page_pdf_and_docx(world, meeting, page_client_for):
    client = page_client_for(world.users.observer)
    page = client.get("/c/itc/meetings/2/record/").content.decode()
    assert "SG2/1" in page and "Експертні групи створено." in page and "Older decision." not in page
    assert "WP1" in page and "Adopt the ToR." in page  # adopted between the two meetings
    assert "Present the work plan" in page and "COALITION RESTRICTED" in page

    pdf = client.get("/c/itc/meetings/2/record/?format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert 'filename="itc-SG2-record-of-decisions.pdf"' in pdf["Content-Disposition"]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "SG2/1" in text and "Експертні групи створено." in text and text.count("COALITION RESTRICTED") >= 2

    word = client.get("/c/itc/meetings/2/record/?format=docx")
    assert word["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    document = docx.Document(io.BytesIO(word.content))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "SG2/1" in body and "WP1" in body and "Adopt the ToR." in body
    assert document.sections[0].header.paragraphs[0].text == "COALITION RESTRICTED"
    cells = [c.text for c in document.tables[0].rows[1].cells]
    assert cells[0] == "Present the work plan" and cells[1] == "Estonia"


def test_record_through_the_api(world, meeting, api_client_for):
    api = api_client_for(world.users.observer)
    pdf = api.get(f"/api/v1/meetings/{meeting.pk}/record-of-decisions.pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    word = api.get(f"/api/v1/meetings/{meeting.pk}/record-of-decisions.docx/")
    assert word.status_code == 200 and word.content.startswith(b"PK")
    assert (
        api_client_for(world.users.outsider)
        .get(f"/api/v1/meetings/{meeting.pk}/record-of-decisions.pdf/")
        .status_code
        == 404
    )
