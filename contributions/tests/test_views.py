"""Pages: who sees and does what, forms showing the services' errors, totals, exports, query counts."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from contributions.models import Disbursement, Pledge
from contributions.tests.factories import (
    DisbursementFactory,
    FxRateFactory,
    MeetingFactory,
    PledgeFactory,
    ReportedTotalFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
S = Pledge.Status


@pytest.fixture
def pledges(world):
    ee = PledgeFactory(
        coalition=world.coalition,
        donor=world.participants.ee,
        amount=Decimal("1000"),
        status=S.CONFIRMED,
        purpose="Secure radios",
    )
    lu = PledgeFactory(coalition=world.coalition, donor=world.participants.lu, amount=None, currency="USD")
    return {"ee": ee, "lu": lu}


def url(name, world, *args):
    return reverse(name, args=[world.coalition.slug, *args])


# The list


def test_list_shows_pledges_and_totals_of_the_filtered_set(world, pledges, page_client_for):
    response = page_client_for(world.users.observer).get(url("pledge-list", world))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Estonia" in html and "Luxembourg" in html
    assert "1,000 EUR" in html and "undisclosed" in html  # a list: whole units (cents on the record)
    assert "1 pledge has no disclosed amount" in html
    assert "Record a pledge" not in html  # observer


def test_list_filters_by_status_donor_currency_review_and_dates(world, pledges, page_client_for):
    client = page_client_for(world.users.secretariat)
    cases = [
        ({"status": "confirmed"}, ["ee"]),
        ({"donor": world.participants.lu.pk}, ["lu"]),
        ({"currency": "usd"}, ["lu"]),
        ({"review_status": "needs_review"}, ["ee", "lu"]),
        ({"announced_after": "2024-02-03"}, []),
        ({"announced_before": "2024-02-02"}, ["ee", "lu"]),
        ({"undisclosed": "true"}, ["lu"]),
        ({"q": "radios"}, ["ee"]),
    ]
    for params, expected in cases:
        response = client.get(url("pledge-list", world), params)
        shown = {p.pk for p in response.context["object_list"]}
        assert shown == {pledges[k].pk for k in expected}, params


def test_list_totals_follow_the_filter_not_the_page(world, page_client_for):
    for _ in range(55):
        PledgeFactory(coalition=world.coalition, donor=world.participants.dk, amount=Decimal("10"))
    response = page_client_for(world.users.secretariat).get(url("pledge-list", world))
    assert len(response.context["object_list"]) == 50
    assert response.context["totals"].pledged_eur == Decimal("550.00")


def test_list_sorts_by_amount_in_eur(world, page_client_for):
    FxRateFactory(currency="USD", date=D(2024, 2, 1), rate=Decimal("0.5"))
    small = PledgeFactory(coalition=world.coalition, donor=world.participants.ee, amount=Decimal("300"))
    big = PledgeFactory(
        coalition=world.coalition, donor=world.participants.lu, amount=Decimal("200"), currency="USD"
    )
    client = page_client_for(world.users.secretariat)
    order = [
        p.pk
        for p in client.get(url("pledge-list", world), {"ordering": "-amount_eur"}).context["object_list"]
    ]
    assert order == [big.pk, small.pk]  # 400 EUR before 300 EUR


def test_htmx_request_gets_only_the_table(world, pledges, page_client_for):
    response = page_client_for(world.users.secretariat).get(url("pledge-list", world), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<table>" in html and "<html" not in html and "Totals of the filtered pledges" in html


def test_list_is_404_for_an_outsider_and_login_for_anonymous(world, client, page_client_for):
    assert client.get(url("pledge-list", world)).status_code == 302
    assert page_client_for(world.users.outsider).get(url("pledge-list", world)).status_code == 404


@pytest.mark.parametrize("rows", [3, 30])
def test_list_queries_do_not_grow_with_rows(world, page_client_for, django_assert_max_num_queries, rows):
    meeting = MeetingFactory(coalition=world.coalition, number=1)
    for i in range(rows):
        p = PledgeFactory(
            coalition=world.coalition,
            donor=[world.participants.ee, world.participants.lu][i % 2],
            status=S.CONFIRMED,
            announced_at=meeting,
        )
        DisbursementFactory(pledge=p)
    client = page_client_for(world.users.secretariat)
    with django_assert_max_num_queries(12):
        assert client.get(url("pledge-list", world)).status_code == 200


@pytest.mark.parametrize("facts", ["0", "1"])
def test_list_counts_the_listed_pledges_in_facts_only_mode(world, page_client_for, facts):
    meeting = MeetingFactory(coalition=world.coalition, number=7, title="Ramstein <7>")
    for illustrative in (False, False, True):
        PledgeFactory(coalition=world.coalition, donor=world.participants.ee, is_illustrative=illustrative)
    PledgeFactory(coalition=world.coalition, donor=world.participants.lu, announced_at=meeting)
    client = page_client_for(world.users.secretariat)
    body = client.get(url("pledge-list", world), {"facts": facts}).content.decode()
    assert "4 pledges" in body and "Ramstein &lt;7&gt;" in body
    body = client.get(url("pledge-list", world), {"meeting": meeting.pk}).content.decode()
    assert "1 pledge<" in body and f'<option value="{meeting.pk}" selected>Ramstein &lt;7&gt;' in body


@pytest.mark.parametrize("page", ["pledge-summary", "pledge-review-status"])
@pytest.mark.parametrize("rows", [3, 30])
def test_summary_pages_queries_do_not_grow(world, page_client_for, django_assert_max_num_queries, page, rows):
    for i in range(rows):
        PledgeFactory(
            coalition=world.coalition,
            donor=[world.participants.ee, world.participants.lu][i % 2],
            review_status=Pledge.Review.DISPUTED,
            review_comment="no",
        )
    client = page_client_for(world.users.secretariat)
    with django_assert_max_num_queries(10):
        assert client.get(url(page, world)).status_code == 200


# Export


def test_export_csv_of_the_filtered_list(world, pledges, page_client_for):
    response = page_client_for(world.users.observer).get(
        url("pledge-export", world), {"status": "confirmed", "format": "csv"}
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")  # with a byte-order mark, for spreadsheet programs
    lines = text.strip().splitlines()
    assert lines[0].startswith("id,donor,donor_name,kind,status,amount,currency,amount_eur")
    assert len(lines) == 2 and ",EE,Estonia," in lines[1] and "1000.00" in lines[1]


def test_export_xlsx_keeps_an_undisclosed_amount_empty(world, pledges, page_client_for):
    response = page_client_for(world.users.secretariat).get(url("pledge-export", world), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    by_donor = {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert by_donor["LU"]["amount"] is None and by_donor["LU"]["currency"] == "USD"
    assert Decimal(str(by_donor["EE"]["amount"])) == Decimal("1000")


def test_export_rejects_an_unknown_format(world, page_client_for):
    assert (
        page_client_for(world.users.secretariat)
        .get(url("pledge-export", world), {"format": "pdf"})
        .status_code
        == 404
    )


# Detail


def test_detail_shows_payments_transitions_history_and_rate(world, page_client_for):
    from contributions import services

    FxRateFactory(currency="USD", date=D(2024, 2, 1), rate=Decimal("1.25"))
    sec = world.users.secretariat
    p = services.pledge_create(
        actor=sec,
        coalition=world.coalition,
        donor=world.participants.ee,
        amount=Decimal("1000"),
        currency="USD",
        announced_on=D(2024, 2, 2),
    )
    services.pledge_transition(actor=sec, pledge=p, to_status=S.CONFIRMED, on=D(2024, 2, 10))
    services.disbursement_create(
        actor=sec, pledge=p, amount=Decimal("250"), paid_on=D(2024, 3, 1), reference="TX-1"
    )
    services.pledge_update(actor=sec, pledge=p, amount=Decimal("1200"))
    html = page_client_for(world.users.observer).get(url("pledge-detail", world, p.pk)).content.decode()
    assert "960.00 EUR" in html and "at 1.25 USD per EUR, rate of 01/02/2024" in html
    assert "TX-1" in html and "950.00 USD" in html  # outstanding
    assert "Announced → <strong>Confirmed</strong>" in html
    assert "amount: 1,000.00 → 1,200.00" in html and "sec" in html
    assert "Edit pledge" not in html and "Confirm figures" not in html


def test_detail_actions_by_role(world, pledges, page_client_for):
    ee = url("pledge-detail", world, pledges["ee"].pk)
    lu = url("pledge-detail", world, pledges["lu"].pk)
    sec = page_client_for(world.users.secretariat).get(ee).content.decode()
    assert "Edit pledge" in sec and "Record a payment" in sec and "Confirm figures" not in sec
    delegate = page_client_for(world.users.delegate_ee)
    assert "Confirm figures" in delegate.get(ee).content.decode()
    other = delegate.get(lu).content.decode()
    assert (
        "Confirm figures" not in other
        and "Dispute" not in other.split("Delegate's review")[1].split("</section>")[0]
    )


def test_detail_of_another_coalition_is_404(world, page_client_for):
    foreign = PledgeFactory(coalition=world.other, donor=world.participants.fr)
    client = page_client_for(world.users.secretariat)
    assert client.get(url("pledge-detail", world, foreign.pk)).status_code == 404
    assert (
        page_client_for(world.users.outsider).get(url("pledge-detail", world, foreign.pk)).status_code == 404
    )


# Forms


def test_secretariat_records_a_pledge(world, page_client_for):
    client = page_client_for(world.users.secretariat)
    response = client.post(
        url("pledge-add", world),
        {
            "donor": world.participants.dk.pk,
            "kind": "financial",
            "amount": "",
            "currency": "DKK",
            "announced_on": "2024-02-02",
            "status": "confirmed",
            "status_on": "",
        },
    )
    pledge = Pledge.objects.get()
    assert response.status_code == 302 and response.url == url("pledge-detail", world, pledge.pk)
    assert pledge.amount is None and pledge.status == S.CONFIRMED and pledge.confirmed_on == D(2024, 2, 2)


def test_pledge_form_shows_service_errors_beside_the_field(world, page_client_for):
    response = page_client_for(world.users.secretariat).post(
        url("pledge-add", world),
        {
            "donor": world.participants.dk.pk,
            "kind": "financial",
            "amount": "-3",
            "currency": "EUR",
            "announced_on": "2024-02-02",
            "status": "announced",
        },
    )
    assert response.status_code == 200
    assert "amount" in response.context["form"].errors
    assert not Pledge.objects.exists()


@pytest.mark.parametrize("who", ["delegate_ee", "observer"])
def test_non_secretariat_gets_403_on_write_pages(world, pledges, page_client_for, who):
    client = page_client_for(getattr(world.users, who))
    pk = pledges["ee"].pk
    for name, args in [
        ("pledge-add", []),
        ("pledge-import", []),
        ("pledge-edit", [pk]),
        ("pledge-transition", [pk]),
        ("pledge-delete", [pk]),
        ("disbursement-add", [pk]),
    ]:
        assert client.get(url(name, world, *args)).status_code == 403, name
        assert client.post(url(name, world, *args), {}).status_code == 403, name


def test_transition_form_offers_only_legal_steps_and_applies_one(world, pledges, page_client_for):
    client = page_client_for(world.users.secretariat)
    page = client.get(url("pledge-transition", world, pledges["ee"].pk))
    assert [c for c, _ in page.context["form"].fields["to_status"].choices] == ["committed", "withdrawn"]
    response = client.post(
        url("pledge-transition", world, pledges["ee"].pk), {"to_status": "committed", "on": "2024-03-01"}
    )
    assert response.status_code == 302
    pledges["ee"].refresh_from_db()
    assert pledges["ee"].status == S.COMMITTED


def test_payment_form_rejects_overpayment_then_accepts_the_override(world, pledges, page_client_for):
    client = page_client_for(world.users.secretariat)
    target = url("disbursement-add", world, pledges["ee"].pk)
    response = client.post(target, {"amount": "1500", "paid_on": "2024-03-01"})
    assert response.status_code == 200 and "amount" in response.context["form"].errors
    response = client.post(
        target, {"amount": "1500", "paid_on": "2024-03-01", "overpayment_reason": "Agreed top-up"}
    )
    assert response.status_code == 302
    assert Disbursement.objects.get().overpayment_approved_by == world.users.secretariat


def test_payment_can_be_corrected_and_removed(world, pledges, page_client_for):
    payment = DisbursementFactory(pledge=pledges["ee"], amount=Decimal("100"))
    client = page_client_for(world.users.secretariat)
    client.post(url("disbursement-edit", world, payment.pk), {"amount": "120", "paid_on": "2024-03-01"})
    payment.refresh_from_db()
    assert payment.amount == Decimal("120.00")
    assert client.post(url("disbursement-delete", world, payment.pk)).status_code == 302
    assert not Disbursement.objects.exists()


def test_pledge_can_be_deleted(world, pledges, page_client_for):
    response = page_client_for(world.users.secretariat).post(url("pledge-delete", world, pledges["lu"].pk))
    assert response.status_code == 302 and not Pledge.objects.filter(pk=pledges["lu"].pk).exists()


# Review pages


def test_delegate_confirms_own_pledge_from_the_page(world, pledges, page_client_for):
    p = pledges["ee"]
    client = page_client_for(world.users.delegate_ee)
    response = client.post(
        url("pledge-confirm", world, p.pk),
        {"amount": "1000.00", "currency": "EUR", "status": "confirmed", "paid": "0.00"},
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.review_status == Pledge.Review.CONFIRMED and p.reviewed_figures["amount"] == "1000.00"


def test_delegate_confirming_stale_figures_sees_why(world, pledges, page_client_for):
    response = page_client_for(world.users.delegate_ee).post(
        url("pledge-confirm", world, pledges["ee"].pk),
        {"amount": "900.00", "currency": "EUR", "status": "confirmed", "paid": "0.00"},
    )
    assert response.status_code == 200 and "changed since you loaded them" in response.content.decode()


def test_delegate_disputes_with_a_comment(world, pledges, page_client_for):
    client = page_client_for(world.users.delegate_ee)
    target = url("pledge-dispute", world, pledges["ee"].pk)
    assert "comment" in client.post(target, {"comment": ""}).context["form"].errors
    assert client.post(target, {"comment": "It is 1.2 million"}).status_code == 302
    pledges["ee"].refresh_from_db()
    assert pledges["ee"].review_status == Pledge.Review.DISPUTED


def test_delegate_cannot_review_another_states_pledge(world, pledges, page_client_for):
    client = page_client_for(world.users.delegate_ee)
    for name in ("pledge-confirm", "pledge-dispute"):
        assert client.get(url(name, world, pledges["lu"].pk)).status_code == 403
        assert client.post(url(name, world, pledges["lu"].pk), {"comment": "x"}).status_code == 403
    assert (
        page_client_for(world.users.secretariat)
        .post(url("pledge-dispute", world, pledges["ee"].pk), {"comment": "x"})
        .status_code
        == 403
    )


def test_review_status_page(world, pledges, page_client_for):
    pledges["lu"].review_status = Pledge.Review.DISPUTED
    pledges["lu"].review_comment = "We pledged 5 million"
    pledges["lu"].save()
    html = page_client_for(world.users.secretariat).get(url("pledge-review-status", world)).content.decode()
    assert "We pledged 5 million" in html and "Pledges of" not in html
    html = page_client_for(world.users.delegate_ee).get(url("pledge-review-status", world)).content.decode()
    assert "Pledges of Estonia" in html and html.count("Confirm figures of the pledge") == 1


def test_summary_page_shows_states_and_reconciliation(world, pledges, page_client_for):
    meeting = MeetingFactory(coalition=world.coalition, number=1)
    ReportedTotalFactory(meeting=meeting)
    html = page_client_for(world.users.observer).get(url("pledge-summary", world)).content.decode()
    assert "Estonia" in html and "1,000" in html and "1,000.00" not in html  # an overview: whole units
    assert "more than €30 million" in html and "Record a reported total" not in html


def test_fx_rate_pages(world, page_client_for):
    FxRateFactory()
    assert "1.08" in page_client_for(world.users.observer).get(url("fx-rate-list", world)).content.decode()
    assert page_client_for(world.users.observer).get(url("fx-rate-add", world)).status_code == 403
    # Before: the secretariat set rates shared by every coalition (issue 10); it proposes them now.
    assert page_client_for(world.users.secretariat).get(url("fx-rate-add", world)).status_code == 403
    client = page_client_for(world.users.admin)
    response = client.post(
        url("fx-rate-add", world), {"currency": "GBP", "date": "2024-02-01", "rate": "0.85", "source": "ECB"}
    )
    assert response.status_code == 302


def test_reported_total_form(world, page_client_for):
    meeting = MeetingFactory(coalition=world.coalition, number=1)
    client = page_client_for(world.users.secretariat)
    response = client.post(
        url("reported-total-add", world),
        {
            "meeting": meeting.pk,
            "qualifier": "more_than",
            "amount": "30000000",
            "currency": "EUR",
            "stated_text": "more than €30 million",
        },
    )
    assert response.status_code == 302 and meeting.reported_totals.get().amount == Decimal("30000000")


def test_payment_form_shows_its_own_and_the_services_errors_in_one_answer(world, pledges, page_client_for):
    """Issue 13 item 5: an external reference over its length (the form's) and an overpayment without a
    reason (the service's) in one submit: both shown, nothing recorded."""
    client = page_client_for(world.users.secretariat)
    target = url("disbursement-add", world, pledges["ee"].pk)
    response = client.post(
        target, {"amount": "1500", "paid_on": "2024-03-01", "external_reference": "x" * 101}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "external_reference" in errors and "amount" in errors
    assert not Disbursement.objects.exists()
