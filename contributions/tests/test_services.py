"""The rules of contributions, through the services that enforce them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coalition.errors import Conflict
from contributions import services
from contributions.models import Pledge, PledgeReview, PledgeTransition
from contributions.services import TRANSITIONS
from contributions.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

D = datetime.date
S = Pledge.Status


def record(world, *, actor=None, donor=None, **kwargs):
    kwargs.setdefault("currency", "EUR")
    kwargs.setdefault("announced_on", D(2024, 2, 2))
    kwargs.setdefault("amount", Decimal("1000000.00"))
    return services.pledge_create(
        actor=actor or world.users.secretariat,
        coalition=world.coalition,
        donor=donor or world.participants.ee,
        **kwargs,
    )


MARCH_1 = D(2024, 3, 1)


def move(world, pledge, *statuses, on=MARCH_1):
    for status in statuses:
        pledge = services.pledge_transition(
            actor=world.users.secretariat, pledge=pledge, to_status=status, on=on
        )
    return pledge


def pay(world, pledge, amount, **kwargs):
    kwargs.setdefault("paid_on", D(2024, 3, 2))
    return services.disbursement_create(
        actor=world.users.secretariat, pledge=pledge, amount=Decimal(amount), **kwargs
    )


# Creation


def test_create_records_the_pledge_and_its_first_status(world):
    pledge = record(world, currency="usd")
    assert pledge.currency == "USD" and pledge.status == S.ANNOUNCED
    step = pledge.transitions.get()
    assert (step.from_status, step.to_status, step.recorded_by) == ("", S.ANNOUNCED, world.users.secretariat)
    assert pledge.history.first().history_user == world.users.secretariat


def test_an_undisclosed_amount_is_stored_as_null_with_its_currency(world):
    pledge = record(world, amount=None, currency="DKK")
    assert pledge.amount is None and pledge.is_undisclosed and pledge.currency == "DKK"


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("currency", {"currency": "XXX"}),
        ("currency", {"currency": ""}),
        ("amount", {"amount": Decimal("-5")}),
        ("amount", {"amount": Decimal("0")}),
        ("amount", {"amount": "abc"}),
        ("announced_on", {"announced_on": D(2999, 1, 1)}),
        ("status", {"status": S.FULFILLED}),
    ],
)
def test_create_rejects_bad_input_naming_the_field(world, field, kwargs):
    with pytest.raises(ValidationError) as exc:
        record(world, **kwargs)
    assert field in exc.value.message_dict


def test_donor_must_belong_to_the_coalition(world):
    with pytest.raises(ValidationError) as exc:
        record(world, donor=world.participants.fr)
    assert "donor" in exc.value.message_dict


def test_meeting_must_belong_to_the_coalition(world):
    elsewhere = MeetingFactory(coalition=world.other, number=1)
    with pytest.raises(ValidationError) as exc:
        record(world, announced_at=elsewhere)
    assert "announced_at" in exc.value.message_dict


def test_a_pledge_can_be_recorded_as_already_committed(world):
    pledge = record(world, status=S.COMMITTED, status_on=D(2024, 3, 1))
    assert pledge.confirmed_on == pledge.committed_on == D(2024, 3, 1)
    with pytest.raises(ValidationError) as exc:
        record(world, status=S.CONFIRMED, status_on=D(2024, 1, 1))
    assert "status_on" in exc.value.message_dict


@pytest.mark.parametrize("who", ["delegate_ee", "delegate_lu", "observer", "outsider", "nobody"])
def test_only_the_secretariat_records_pledges(world, who):
    with pytest.raises(PermissionDenied):
        record(world, actor=getattr(world.users, who))


# Lifecycle: every legal and every illegal transition

LEGAL = [(a, b) for a, targets in TRANSITIONS.items() for b in targets]
ILLEGAL = [(a, b) for a in S.values for b in S.values if b not in TRANSITIONS[a]]
PATH_TO = {
    S.ANNOUNCED: [],
    S.CONFIRMED: [S.CONFIRMED],
    S.COMMITTED: [S.CONFIRMED, S.COMMITTED],
    S.FULFILLED: [S.CONFIRMED, S.COMMITTED, S.FULFILLED],
    S.WITHDRAWN: [S.WITHDRAWN],
}


def pledge_in(world, status):
    pledge = record(world, kind=Pledge.Kind.IN_KIND)  # in kind: fulfilment needs no payment
    return move(world, pledge, *PATH_TO[status])


def test_the_lifecycle_table_is_what_the_issue_says():
    assert sorted(LEGAL) == sorted(
        [
            ("announced", "confirmed"),
            ("announced", "withdrawn"),
            ("confirmed", "committed"),
            ("confirmed", "withdrawn"),
            ("committed", "fulfilled"),
            ("committed", "withdrawn"),
        ]
    )


@pytest.mark.parametrize(("source", "target"), LEGAL)
def test_every_legal_transition_is_dated_attributed_and_logged(world, source, target):
    pledge = pledge_in(world, source)
    pledge = services.pledge_transition(
        actor=world.users.secretariat, pledge=pledge, to_status=target, on=D(2024, 4, 1), note="signed"
    )
    assert pledge.status == target
    assert getattr(pledge, services.STATUS_DATE_FIELD[target]) == D(2024, 4, 1)
    step = pledge.transitions.order_by("-pk").first()
    assert (step.from_status, step.to_status, step.effective_on, step.recorded_by, step.note) == (
        source,
        target,
        D(2024, 4, 1),
        world.users.secretariat,
        "signed",
    )


@pytest.mark.parametrize(("source", "target"), ILLEGAL)
def test_every_illegal_transition_is_a_conflict_and_changes_nothing(world, source, target):
    pledge = pledge_in(world, source)
    steps = PledgeTransition.objects.count()
    with pytest.raises(Conflict, match="cannot go from"):
        services.pledge_transition(actor=world.users.secretariat, pledge=pledge, to_status=target)
    pledge.refresh_from_db()
    assert pledge.status == source and PledgeTransition.objects.count() == steps


def test_unknown_status_is_a_validation_error(world):
    with pytest.raises(ValidationError) as exc:
        services.pledge_transition(actor=world.users.secretariat, pledge=record(world), to_status="paid")
    assert "to_status" in exc.value.message_dict


def test_a_step_cannot_be_dated_before_the_previous_one_or_in_the_future(world):
    pledge = move(world, record(world), S.CONFIRMED, on=D(2024, 3, 1))
    for on in (D(2024, 2, 1), D(2999, 1, 1)):
        with pytest.raises(ValidationError) as exc:
            services.pledge_transition(
                actor=world.users.secretariat, pledge=pledge, to_status=S.COMMITTED, on=on
            )
        assert "on" in exc.value.message_dict


def test_a_financial_pledge_is_fulfilled_only_once_fully_paid(world):
    pledge = move(world, record(world, amount=Decimal("100")), S.CONFIRMED, S.COMMITTED)
    pay(world, pledge, "60")
    with pytest.raises(Conflict, match=r"40\.00 EUR is still outstanding"):
        move(world, pledge, S.FULFILLED)
    pay(world, pledge, "40")
    assert move(world, pledge, S.FULFILLED).status == S.FULFILLED


def test_a_pledge_with_payments_cannot_be_withdrawn(world):
    pledge = move(world, record(world), S.CONFIRMED)
    pay(world, pledge, "10")
    with pytest.raises(Conflict, match="cannot be withdrawn"):
        move(world, pledge, S.WITHDRAWN)


@pytest.mark.parametrize("who", ["delegate_ee", "observer", "outsider"])
def test_only_the_secretariat_moves_a_pledge(world, who):
    pledge = record(world)
    with pytest.raises(PermissionDenied):
        services.pledge_transition(actor=getattr(world.users, who), pledge=pledge, to_status=S.CONFIRMED)


# Payments and over-payment


def test_payments_derive_the_outstanding_balance(world):
    from contributions.selectors import pledges_for

    pledge = move(world, record(world, amount=Decimal("1000")), S.CONFIRMED)
    pay(world, pledge, "250.50")
    pay(world, pledge, "100")
    row = pledges_for(world.users.secretariat).get(pk=pledge.pk)
    assert (row.paid, row.outstanding) == (Decimal("350.50"), Decimal("649.50"))


def test_overpayment_is_rejected_without_a_recorded_override(world):
    pledge = move(world, record(world, amount=Decimal("1000")), S.CONFIRMED)
    pay(world, pledge, "900")
    with pytest.raises(ValidationError) as exc:
        pay(world, pledge, "100.01")
    assert "amount" in exc.value.message_dict
    assert "outstanding 100.00" in exc.value.message_dict["amount"][0]
    assert pledge.disbursements.count() == 1
    pay(world, pledge, "100.00")  # exactly the pledge is fine


def test_overpayment_with_a_reason_is_recorded_with_who_approved_it(world):
    pledge = move(world, record(world, amount=Decimal("1000")), S.CONFIRMED)
    payment = pay(world, pledge, "1200", overpayment_reason="Exchange-rate top-up agreed by letter")
    assert payment.is_override and payment.overpayment_approved_by == world.users.secretariat
    ordinary = pay(world, move(world, record(world), S.CONFIRMED), "1", overpayment_reason="not needed")
    assert ordinary.overpayment_reason == "" and ordinary.overpayment_approved_by is None


def test_correcting_a_payment_checks_the_corrected_total(world):
    pledge = move(world, record(world, amount=Decimal("1000")), S.CONFIRMED)
    first = pay(world, pledge, "600")
    pay(world, pledge, "400")
    with pytest.raises(ValidationError):
        services.disbursement_update(actor=world.users.secretariat, disbursement=first, amount=Decimal("601"))
    services.disbursement_update(actor=world.users.secretariat, disbursement=first, amount=Decimal("599"))
    first.refresh_from_db()
    assert first.amount == Decimal("599.00")


@pytest.mark.parametrize(
    ("status", "amount", "message"),
    [
        (S.ANNOUNCED, Decimal("10"), "confirmed or committed"),
        (S.WITHDRAWN, Decimal("10"), "confirmed or committed"),
        (S.CONFIRMED, None, "pledged amount"),
    ],
)
def test_payments_need_a_payable_disclosed_pledge(world, status, amount, message):
    pledge = move(world, record(world, amount=amount), *PATH_TO[status])
    with pytest.raises(Conflict, match=message):
        pay(world, pledge, "1")


def test_payments_default_to_the_pledge_currency_and_follow_its_announcement(world):
    pledge = move(world, record(world, currency="USD"), S.CONFIRMED)
    with pytest.raises(ValidationError) as exc:
        pay(world, pledge, "1", paid_on=D(2024, 1, 1))
    assert "paid_on" in exc.value.message_dict
    assert pay(world, pledge, "1").currency == "USD"


def test_pledge_amount_cannot_fall_below_what_was_paid_nor_change_currency(world):
    pledge = move(world, record(world, amount=Decimal("1000")), S.CONFIRMED)
    pay(world, pledge, "500")
    for data in ({"amount": Decimal("499")}, {"amount": None}, {"currency": "USD"}):
        with pytest.raises(ValidationError):
            services.pledge_update(actor=world.users.secretariat, pledge=pledge, **data)


def test_pledge_with_payments_is_kept_and_without_them_deleted_with_history(world):
    paid = move(world, record(world), S.CONFIRMED)
    pay(world, paid, "1")
    with pytest.raises(Conflict):
        services.pledge_delete(actor=world.users.secretariat, pledge=paid)
    gone = record(world)
    services.pledge_delete(actor=world.users.secretariat, pledge=gone)
    assert not Pledge.objects.filter(pk=gone.pk).exists()
    last = Pledge.history.filter(id=gone.pk).order_by("-history_date").first()
    assert last.history_type == "-" and last.history_user == world.users.secretariat


def test_delegate_cannot_record_payments(world):
    pledge = move(world, record(world), S.CONFIRMED)
    with pytest.raises(PermissionDenied):
        services.disbursement_create(
            actor=world.users.delegate_ee, pledge=pledge, amount=Decimal("1"), paid_on=D(2024, 3, 1)
        )


# Delegates' review


def test_delegate_confirms_the_exact_figures(world):
    pledge = move(world, record(world, amount=Decimal("1234.50")), S.CONFIRMED)
    pay(world, pledge, "34.50")
    pledge = services.pledge_confirm_figures(actor=world.users.delegate_ee, pledge=pledge)
    assert pledge.review_status == Pledge.Review.CONFIRMED
    assert pledge.reviewed_by == world.users.delegate_ee and pledge.reviewed_at is not None
    assert pledge.reviewed_figures == {
        "amount": "1234.50",
        "currency": "EUR",
        "kind": "financial",
        "status": "confirmed",
        "announced_on": "2024-02-02",
        "paid": "34.50",
    }
    assert pledge.reviews.get().action == PledgeReview.Action.CONFIRMED


def test_confirming_stale_figures_is_a_conflict(world):
    pledge = record(world, amount=Decimal("100"))
    with pytest.raises(Conflict, match="amount"):
        services.pledge_confirm_figures(
            actor=world.users.delegate_ee, pledge=pledge, seen={"amount": "99.00", "currency": "EUR"}
        )
    services.pledge_confirm_figures(
        actor=world.users.delegate_ee, pledge=pledge, seen={"amount": "100.00", "currency": "EUR"}
    )


def test_dispute_needs_a_comment(world):
    pledge = record(world)
    with pytest.raises(ValidationError) as exc:
        services.pledge_dispute(actor=world.users.delegate_ee, pledge=pledge, comment="  ")
    assert "comment" in exc.value.message_dict
    pledge = services.pledge_dispute(actor=world.users.delegate_ee, pledge=pledge, comment="It was 2 million")
    assert (pledge.review_status, pledge.review_comment) == (Pledge.Review.DISPUTED, "It was 2 million")


@pytest.mark.parametrize("who", ["delegate_lu", "secretariat", "observer", "outsider", "nobody"])
def test_only_the_donors_delegate_reviews(world, who):
    pledge = record(world)  # Estonia's
    with pytest.raises(PermissionDenied):
        services.pledge_confirm_figures(actor=getattr(world.users, who), pledge=pledge)
    with pytest.raises(PermissionDenied):
        services.pledge_dispute(actor=getattr(world.users, who), pledge=pledge, comment="no")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda w, p: services.pledge_update(
                actor=w.users.secretariat, pledge=p, amount=Decimal("2000000")
            ),
            "amount: 1,000,000.00 → 2,000,000.00",
        ),
        (
            lambda w, p: services.pledge_update(actor=w.users.secretariat, pledge=p, currency="USD"),
            "currency: EUR → USD",
        ),
        (
            lambda w, p: services.pledge_update(actor=w.users.secretariat, pledge=p, purpose="Servers"),
            "purpose or earmark: — → Servers",
        ),
        (lambda w, p: move(w, p, S.COMMITTED), "status: Confirmed → Committed"),
        (lambda w, p: pay(w, p, "10"), "paid: 0.00 → 10.00 EUR"),
    ],
)
def test_a_later_secretariat_change_resets_the_review_and_says_what_changed(world, change, expected):
    pledge = move(world, record(world), S.CONFIRMED)
    services.pledge_confirm_figures(actor=world.users.delegate_ee, pledge=pledge)
    change(world, pledge)
    pledge.refresh_from_db()
    assert pledge.review_status == Pledge.Review.NEEDS_REVIEW
    assert expected in pledge.review_comment
    reset = pledge.reviews.order_by("-pk").first()
    assert reset.action == PledgeReview.Action.RESET and reset.by == world.users.secretariat


def test_a_disputed_pledge_corrected_by_the_secretariat_needs_review_again(world):
    pledge = record(world)
    services.pledge_dispute(actor=world.users.delegate_ee, pledge=pledge, comment="wrong amount")
    services.pledge_update(actor=world.users.secretariat, pledge=pledge, amount=Decimal("5"))
    pledge.refresh_from_db()
    assert pledge.review_status == Pledge.Review.NEEDS_REVIEW and "amount" in pledge.review_comment


def test_an_update_that_changes_nothing_keeps_the_review(world):
    pledge = record(world)
    services.pledge_confirm_figures(actor=world.users.delegate_ee, pledge=pledge)
    services.pledge_update(actor=world.users.secretariat, pledge=pledge, amount=pledge.amount)
    pledge.refresh_from_db()
    assert pledge.review_status == Pledge.Review.CONFIRMED


def test_update_refuses_status_and_foreign_fields(world):
    with pytest.raises(ValidationError) as exc:
        services.pledge_update(actor=world.users.secretariat, pledge=record(world), status=S.FULFILLED)
    assert "status" in exc.value.message_dict


def test_delegate_cannot_edit_its_own_pledge(world):
    with pytest.raises(PermissionDenied):
        services.pledge_update(actor=world.users.delegate_ee, pledge=record(world), amount=Decimal("1"))


# Exchange rates


def test_fx_rates_are_written_by_registry_managers_or_staff_only(world):
    services.fx_rate_create(
        actor=world.users.registry, currency="usd", date=D(2024, 1, 1), rate=Decimal("1.1")
    )
    from coalition.tests.factories import UserFactory

    staff = UserFactory(username="staff", is_staff=True)
    services.fx_rate_create(actor=staff, currency="GBP", date=D(2024, 1, 1), rate=Decimal("0.85"))
    for who in ("secretariat", "outsider", "delegate_ee", "observer", "nobody"):
        with pytest.raises(PermissionDenied):
            services.fx_rate_create(
                actor=getattr(world.users, who), currency="JPY", date=D(2024, 1, 1), rate=Decimal("150")
            )


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [("currency", {"currency": "EUR"}), ("currency", {"currency": "ABC"}), ("rate", {"rate": Decimal("0")})],
)
def test_fx_rate_rejects_bad_input(world, field, kwargs):
    data = {"currency": "USD", "date": D(2024, 1, 1), "rate": Decimal("1.1"), **kwargs}
    with pytest.raises(ValidationError) as exc:
        services.fx_rate_create(actor=world.users.registry, **data)
    assert field in exc.value.message_dict


def test_a_second_rate_for_the_same_day_is_refused(world):
    services.fx_rate_create(
        actor=world.users.registry, currency="USD", date=D(2024, 1, 1), rate=Decimal("1.1")
    )
    with pytest.raises(ValidationError):
        services.fx_rate_create(
            actor=world.users.registry, currency="USD", date=D(2024, 1, 1), rate=Decimal("1.2")
        )


# External references


def test_external_references_are_unique_per_coalition_for_pledges_and_payments(world):
    first = record(world, external_reference=" MOD-EE-2024-01 ", status=S.CONFIRMED)
    assert first.external_reference == "MOD-EE-2024-01"
    with pytest.raises(ValidationError) as error:
        record(world, external_reference="MOD-EE-2024-01")
    assert "external reference" in str(error.value)
    # Blank references never collide, and another coalition may use the same reference.
    record(world)
    record(world)
    services.pledge_create(
        actor=world.users.admin,
        coalition=world.other,
        donor=world.participants.fr,
        currency="EUR",
        announced_on=D(2024, 2, 2),
        external_reference="MOD-EE-2024-01",
    )
    payment = pay(world, first, "10.00", external_reference="BANK-1")
    assert (payment.coalition, payment.amount_in_pledge_currency) == (world.coalition, Decimal("10.00"))
    with pytest.raises(ValidationError) as error:
        pay(world, record(world, status=S.CONFIRMED), "10.00", external_reference="BANK-1")
    assert "external reference" in str(error.value)
