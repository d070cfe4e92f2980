"""Issue 15 item 5: confirmations received outside the portal, with their evidence; delegates told when a
pledge needs their review again, with what changed; the history of deleted records."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from contributions import notifications, selectors, services
from contributions.models import Pledge, PledgeReview
from contributions.tests.factories import DisbursementFactory, PledgeFactory

pytestmark = pytest.mark.django_db
S = Pledge.Status
D = datetime.date
EML = (
    b"From: Col. Tamm <tamm@mod.ee>\r\nTo: secretariat@itc.example\r\nSubject: Figures\r\n\r\nWe confirm.\r\n"
)


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {**settings.STORAGES["documents"], "OPTIONS": {"location": str(tmp_path / "docs")}},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def pledge(world):
    world.users.delegate_ee.email = "del-ee@mod.ee"
    world.users.delegate_ee.save()
    return PledgeFactory(
        coalition=world.coalition, donor=world.participants.ee, status=S.CONFIRMED, confirmed_on=D(2024, 2, 2)
    )


def eml():
    return SimpleUploadedFile("confirmation.eml", EML, content_type="message/rfc822")


def test_the_secretariat_records_an_e_mailed_confirmation_with_the_e_mail(world, pledge, page_client_for):
    client = page_client_for(world.users.secretariat)
    response = client.post(
        f"/c/itc/pledges/{pledge.pk}/record-confirmation/",
        {
            "confirmed_by_name": "Col. Tamm, MoD Estonia",
            "channel": "email",
            "received_on": "2024-03-01",
            "evidence": eml(),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    pledge.refresh_from_db()
    review = pledge.reviews.get(action="confirmed")
    assert pledge.review_status == Pledge.Review.CONFIRMED and pledge.reviewed_by is None
    assert (review.channel, review.confirmed_by_name, review.received_on) == (
        "email",
        "Col. Tamm, MoD Estonia",
        D(2024, 3, 1),
    )
    assert review.recorded_by == world.users.secretariat and review.evidence_name == "confirmation.eml"
    assert review.figures == pledge.figures(Decimal("0.00"))
    page = client.get(f"/c/itc/pledges/{pledge.pk}/").content.decode()
    assert "received by e-mail from Col. Tamm, MoD Estonia on 01/03/2024, recorded by sec" in page
    download = client.get(f"/c/itc/pledges/reviews/{review.pk}/evidence/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == EML
    assert (
        page_client_for(world.users.delegate_ee)
        .get(f"/c/itc/pledges/reviews/{review.pk}/evidence/")
        .status_code
        == 200
    )
    for who in ("delegate_lu", "observer"):
        assert (
            page_client_for(getattr(world.users, who))
            .get(f"/c/itc/pledges/reviews/{review.pk}/evidence/")
            .status_code
            == 403
        )


def test_every_missing_field_is_said_at_once_and_a_disguised_file_is_refused(world, pledge):
    with pytest.raises(ValidationError) as error:
        services.pledge_record_confirmation(
            actor=world.users.secretariat,
            pledge=pledge,
            confirmed_by_name="",
            received_on=None,
            channel="portal",
            evidence=None,
        )
    assert set(error.value.message_dict) == {"confirmed_by_name", "received_on", "channel", "evidence"}
    fake = SimpleUploadedFile("letter.pdf", b"MZ\x90\x00 an executable")
    with pytest.raises(ValidationError) as error:
        services.pledge_record_confirmation(
            actor=world.users.secretariat,
            pledge=pledge,
            confirmed_by_name="X",
            received_on=D(2024, 3, 1),
            channel="letter",
            evidence=fake,
        )
    assert "does not look like a PDF" in error.value.message_dict["evidence"][0]
    assert not pledge.reviews.exists()


def test_only_the_secretariat_records_a_confirmation(world, pledge, page_client_for):
    with pytest.raises(PermissionDenied):
        services.pledge_record_confirmation(
            actor=world.users.delegate_ee,
            pledge=pledge,
            confirmed_by_name="X",
            received_on=D(2024, 3, 1),
            channel="email",
            evidence=eml(),
        )
    assert (
        page_client_for(world.users.observer)
        .get(f"/c/itc/pledges/{pledge.pk}/record-confirmation/")
        .status_code
        == 403
    )


def test_delegates_are_told_once_by_e_mail_and_on_their_page_when_their_pledge_needs_review_again(
    world, pledge, page_client_for, django_capture_on_commit_callbacks
):
    services.pledge_confirm_figures(actor=world.users.delegate_ee, pledge=pledge)
    with django_capture_on_commit_callbacks(execute=True):
        services.pledge_update(actor=world.users.secretariat, pledge=pledge, amount=Decimal("1200000"))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["del-ee@mod.ee"] and "needs your review again" in message.subject
    assert (
        "amount: 1,000,000.00 → 1,200,000.00" in message.body
        and f"/c/itc/pledges/{pledge.pk}/" in message.body
    )
    reset = pledge.reviews.get(action="reset")
    assert reset.notified_at is not None
    assert notifications.send_review_reset(reset.pk) == 0 and len(mail.outbox) == 1  # a second run: nothing

    awaiting = list(selectors.reviews_awaiting(world.users.delegate_ee))
    assert [p.pk for p in awaiting] == [pledge.pk] and "1,200,000.00" in awaiting[0].what_changed
    assert list(selectors.reviews_awaiting(world.users.delegate_lu)) == []
    page = page_client_for(world.users.delegate_ee).get("/c/itc/pledges/review/").content.decode()
    assert "1 pledge needs your review" in page and "Changed since your review" in page


def test_a_queue_outage_never_fails_the_write_and_the_sweep_sends_later(
    world, pledge, monkeypatch, django_capture_on_commit_callbacks
):
    from contributions import tasks

    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(tasks.notify_review_reset, "delay", down)
    services.pledge_confirm_figures(actor=world.users.delegate_ee, pledge=pledge)
    with django_capture_on_commit_callbacks(execute=True):
        services.pledge_update(actor=world.users.secretariat, pledge=pledge, purpose="Radios")
    assert mail.outbox == [] and Pledge.objects.get(pk=pledge.pk).purpose == "Radios"
    reset = pledge.reviews.get(action="reset")
    PledgeReview.objects.filter(pk=reset.pk).update(at=reset.at - datetime.timedelta(minutes=5))
    assert tasks.notify_pending_review_resets() == 1 and len(mail.outbox) == 1


def test_the_secretariat_sees_the_deleted_records_and_their_history(world, page_client_for):
    gone = services.pledge_create(
        actor=world.users.secretariat,
        coalition=world.coalition,
        donor=world.participants.lu,
        currency="EUR",
        amount=Decimal("500"),
        announced_on=D(2024, 2, 2),
    )
    services.pledge_update(actor=world.users.secretariat, pledge=gone, amount=Decimal("600"))
    services.pledge_delete(actor=world.users.secretariat, pledge=gone)
    payment = DisbursementFactory(
        pledge=PledgeFactory(coalition=world.coalition, donor=world.participants.ee, status=S.CONFIRMED)
    )
    services.disbursement_delete(actor=world.users.secretariat, disbursement=payment)
    client = page_client_for(world.users.secretariat)
    page = client.get("/c/itc/pledges/deleted/").content.decode()
    assert "Luxembourg — 600.00 EUR, Announced" in page and "1,000.00 EUR (2024-03-01)" in page
    assert page.count(">sec<") >= 2
    page = client.get(f"/c/itc/pledges/deleted/?pledge={gone.pk}").content.decode()
    assert "amount: 500.00 → 600.00" in page
    for who in ("observer", "delegate_ee"):
        assert page_client_for(getattr(world.users, who)).get("/c/itc/pledges/deleted/").status_code == 403
