"""Agenda documents: uploaded by delegations, in versions, with a classification marking (pages, download
names, PDF pages) and a visibility; stored through the named storage "documents"."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader
from reportlab.pdfgen import canvas

from coalition.errors import Conflict
from meetings import services
from meetings.models import AgendaDocument, ClassificationMarking
from meetings.tests.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def pdf_bytes(pages=2, text="Roadmap paper"):
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer)
    for n in range(pages):
        sheet.drawString(72, 400, f"{text} page {n + 1}")
        sheet.showPage()
    sheet.save()
    return buffer.getvalue()


@pytest.fixture
def item(world):
    return AgendaItemFactory(meeting=MeetingFactory(coalition=world.coalition, number=3), position=1)


@pytest.fixture
def restricted(world):
    return services.marking_create(
        actor=world.users.secretariat,
        coalition=world.coalition,
        label="COALITION RESTRICTED",
        description="Members of the coalition only.",
        is_default=True,
    )


def upload(actor, item, name="paper.pdf", content=None, **kwargs):
    content = pdf_bytes() if content is None else content
    return services.agenda_document_add(
        actor=actor, agenda_item=item, file=SimpleUploadedFile(name, content), **kwargs
    )


def test_a_delegation_uploads_its_paper_and_new_versions_keep_the_earlier_ones(world, item, restricted):
    paper = upload(world.users.delegate_ee, item, title="Estonian position")
    assert (paper.participant, paper.classification, paper.current_version.number) == (
        world.participants.ee,
        restricted,
        1,
    )
    second = services.document_version_add(
        actor=world.users.delegate_ee,
        document=paper,
        file=SimpleUploadedFile("paper-v2.pdf", pdf_bytes(1)),
        note="Figures updated",
    )
    paper.refresh_from_db()
    assert (second.number, paper.current_version, paper.versions.count()) == (2, second, 2)
    with pytest.raises(PermissionDenied):
        services.document_version_add(
            actor=world.users.delegate_lu, document=paper, file=SimpleUploadedFile("x.pdf", pdf_bytes(1))
        )
    services.document_version_add(
        actor=world.users.secretariat, document=paper, file=SimpleUploadedFile("v3.pdf", pdf_bytes(1))
    )
    assert [v.number for v in paper.versions.all()] == [3, 2, 1]
    with pytest.raises(PermissionDenied):
        services.agenda_document_delete(actor=world.users.delegate_ee, agenda_document=paper)


def test_markings_are_a_managed_list(world, item, restricted):
    public = services.marking_create(actor=world.users.secretariat, coalition=world.coalition, label="PUBLIC")
    foreign = ClassificationMarking.objects.create(coalition=world.other, label="OTHER")
    with pytest.raises(ValidationError) as info:
        upload(world.users.secretariat, item, classification=foreign)
    assert list(info.value.message_dict) == ["classification"]
    paper = upload(world.users.secretariat, item, classification=public)
    assert paper.marking == "PUBLIC"
    with pytest.raises(Conflict):
        services.marking_delete(actor=world.users.secretariat, marking=public)
    services.marking_update(actor=world.users.secretariat, marking=public, is_default=True)
    restricted.refresh_from_db()
    assert not restricted.is_default  # one default at a time
    with pytest.raises(PermissionDenied):
        services.marking_create(actor=world.users.delegate_ee, coalition=world.coalition, label="MINE")


def test_secretariat_only_documents_are_hidden_from_other_members(
    world, item, page_client_for, api_client_for
):
    secret = upload(world.users.delegate_ee, item, title="Sensitive", visibility="secretariat")
    assert set(AgendaDocument.objects.visible_to(world.users.secretariat)) == {secret}
    assert set(AgendaDocument.objects.visible_to(world.users.delegate_ee)) == {secret}  # its own paper
    assert not AgendaDocument.objects.visible_to(world.users.delegate_lu).exists()
    assert not AgendaDocument.objects.visible_to(world.users.observer).exists()
    download = f"/c/itc/meetings/documents/{secret.pk}/"
    assert page_client_for(world.users.observer).get(download).status_code == 404
    assert "Sensitive" not in page_client_for(world.users.observer).get("/c/itc/meetings/3/").content.decode()
    assert page_client_for(world.users.delegate_ee).get(download).status_code == 200
    assert api_client_for(world.users.delegate_lu).get(f"/api/v1/documents/{secret.pk}/").status_code == 404
    listed = api_client_for(world.users.observer).get("/api/v1/agenda-items/", {"meeting": item.meeting_id})
    assert listed.json()["results"][0]["documents"] == []


def test_downloads_carry_the_marking_and_pdfs_are_stamped_on_every_page(
    world, item, restricted, page_client_for
):
    paper = upload(world.users.secretariat, item, name="Roadmap 2025.pdf", content=pdf_bytes(3))
    response = page_client_for(world.users.observer).get(f"/c/itc/meetings/documents/{paper.pk}/")
    assert response.status_code == 200
    assert "[COALITION RESTRICTED] Roadmap 2025.pdf" in response["Content-Disposition"]
    assert response["X-Classification-Marking"] == "COALITION RESTRICTED"
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert len(pages) == 3
    for page in pages:
        text = page.extract_text()
        assert text.count("COALITION RESTRICTED") == 2 and "Roadmap paper" in text
    text_file = upload(world.users.secretariat, item, name="notes.txt", content=b"plain notes")
    response = page_client_for(world.users.observer).get(f"/c/itc/meetings/documents/{text_file.pk}/")
    assert b"".join(response.streaming_content) == b"plain notes"  # not a PDF: only the name is marked
    assert "[COALITION RESTRICTED] notes.txt" in response["Content-Disposition"]
    broken = upload(world.users.secretariat, item, name="broken.pdf", content=b"%PDF-1.4 not really a pdf")
    response = page_client_for(world.users.observer).get(f"/c/itc/meetings/documents/{broken.pk}/")
    assert response.status_code == 200  # served as uploaded, the marking in its name
    page = page_client_for(world.users.observer).get("/c/itc/meetings/3/").content.decode()
    assert 'class="badge marking">COALITION RESTRICTED' in page


def test_files_go_through_the_named_storage(world, item, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    paper = upload(world.users.secretariat, item, name="memo.txt", content=b"in memory")
    name = paper.current_version.file.name
    assert storages["documents"].exists(name)
    with paper.current_version.file.open("rb") as handle:
        assert handle.read() == b"in memory"
    services.agenda_document_delete(actor=world.users.secretariat, agenda_document=paper)


def test_document_pages_and_api(world, item, restricted, page_client_for, api_client_for):
    client = page_client_for(world.users.delegate_ee)
    meeting_page = client.get("/c/itc/meetings/3/").content.decode()
    assert "Your delegation submits papers" in meeting_page
    response = client.post(
        f"/c/itc/meetings/3/agenda/{item.pk}/documents/add/",
        {"file": SimpleUploadedFile("pos.pdf", pdf_bytes(1)), "title": "Position", "visibility": "members"},
    )
    assert response.status_code == 302
    paper = AgendaDocument.objects.get(title="Position")
    assert paper.participant == world.participants.ee
    response = client.post(
        f"/c/itc/meetings/3/documents/{paper.pk}/versions/add/",
        {"file": SimpleUploadedFile("pos2.pdf", pdf_bytes(1)), "note": "v2"},
    )
    assert response.status_code == 302
    detail = client.get(f"/c/itc/meetings/3/documents/{paper.pk}/").content.decode()
    assert "pos2.pdf" in detail and "pos.pdf" in detail and "?version=1" in detail
    api = api_client_for(world.users.secretariat)
    body = api.get(f"/api/v1/documents/{paper.pk}/").json()
    assert (body["marking"], body["current_version"]["number"], len(body["versions"])) == (
        "COALITION RESTRICTED",
        2,
        2,
    )
    patched = api.patch(f"/api/v1/documents/{paper.pk}/", {"visibility": "secretariat"}, format="json")
    assert patched.status_code == 200 and patched.json()["visibility"] == "secretariat"
    version = api.post(
        f"/api/v1/documents/{paper.pk}/versions/",
        {"file": SimpleUploadedFile("pos3.pdf", pdf_bytes(1)), "note": "final"},
        format="multipart",
    )
    assert version.status_code == 201 and version.json()["number"] == 3
    old = api.get(f"/api/v1/documents/{paper.pk}/download/", {"version": 1})
    assert old.status_code == 200 and "pos.pdf" in old["Content-Disposition"]
    markings = api.get("/api/v1/classification-markings/").json()
    assert [m["label"] for m in markings["results"]] == ["COALITION RESTRICTED"]
    assert api.delete(f"/api/v1/documents/{paper.pk}/").status_code == 204


def test_document_metadata_is_json_and_only_uploads_are_multipart(world, item, api_client_for):
    """The schema says PATCH takes JSON only, and the uploads multipart only: the API does what it says."""
    api = api_client_for(world.users.secretariat)
    created = api.post(
        "/api/v1/documents/",
        {"agenda_item": item.pk, "file": SimpleUploadedFile("a.pdf", pdf_bytes(1)), "title": "Paper"},
        format="multipart",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    as_form = api.patch(f"/api/v1/documents/{pk}/", {"title": "Renamed"}, format="multipart")
    assert as_form.status_code == 415 and as_form.json()["code"] == "unsupported-media-type"
    as_json = api.post(f"/api/v1/documents/{pk}/versions/", {"note": "no file"}, format="json")
    assert as_json.status_code == 415
    assert AgendaDocument.objects.get(pk=pk).title == "Paper"
