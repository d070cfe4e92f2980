"""'What changed' between two payloads: figure by figure, in words, facts apart, old layouts refused."""

from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.translation import override

from contributions.tests.factories import DisbursementFactory, PledgeFactory
from summaries.diff import Incomparable, diff_payloads
from summaries.figures import compute_payload
from summaries.tests.snapshots import LEGACY_PAYLOAD

pytestmark = pytest.mark.django_db


def payload(world):
    return compute_payload(world.coalition, as_of=timezone.now())


def texts(diff):
    return [change["text"] for change in diff["changes"]]


def test_the_same_figures_are_unchanged(world):
    PledgeFactory(coalition=world.coalition, donor=world.participants.ee)
    diff = diff_payloads(payload(world), payload(world))
    assert diff["unchanged"] is True and diff["changes"] == []


def test_an_amount_disclosed_later_is_now_known_not_a_rise_from_zero(world):
    pledge = PledgeFactory(coalition=world.coalition, donor=world.participants.ee, amount=None)
    before = payload(world)
    pledge.amount = Decimal("3000000.00")
    pledge.save()
    found = texts(diff_payloads(before, payload(world)))
    assert "Estonia: pledged now 3,000,000 EUR (not known before)." in found
    assert "Estonia: pledges without a disclosed amount fell from 1 to 0 (−1)." in found  # noqa: RUF001


def test_facts_only_leaves_illustrative_changes_out(world):
    PledgeFactory(coalition=world.coalition, donor=world.participants.ee, amount=Decimal("100.00"))
    before = payload(world)
    PledgeFactory(
        coalition=world.coalition, donor=world.participants.dk, amount=Decimal("900.00"), is_illustrative=True
    )
    paid = PledgeFactory(coalition=world.coalition, donor=world.participants.lu, amount=Decimal("50.00"))
    DisbursementFactory(pledge=paid, amount=Decimal("50.00"), is_illustrative=True)
    after = payload(world)
    every = diff_payloads(before, after)
    facts = diff_payloads(before, after, facts_only=True)
    assert facts["facts_only"] is True
    assert any(c["subject"]["code"] == "DK" for c in every["changes"])
    assert not any(c["subject"]["code"] == "DK" for c in facts["changes"])
    lu_paid = [c for c in facts["changes"] if c["subject"]["code"] == "LU" and c["figure"] == "paid"]
    assert lu_paid == [], "an illustrative payment is no fact"
    assert "ITC: pledged rose from 100 EUR to 150 EUR (+50 EUR)." in texts(facts)


def test_a_state_whose_pledges_are_gone_falls_to_zero(world):
    pledge = PledgeFactory(coalition=world.coalition, donor=world.participants.lu, amount=Decimal("75.50"))
    before = payload(world)
    pledge.delete()
    found = texts(diff_payloads(before, payload(world)))
    assert "Luxembourg: pledged fell from 75.50 EUR to 0 EUR (−75.50 EUR)." in found  # noqa: RUF001


def test_changes_read_in_the_readers_language(world):
    PledgeFactory(coalition=world.coalition, donor=world.participants.ee, amount=Decimal("1234567.00"))
    before = payload(world)
    PledgeFactory(coalition=world.coalition, donor=world.participants.ee, amount=Decimal("1000.00"))
    with override("uk"):
        diff = diff_payloads(before, payload(world))
    change = next(c for c in diff["changes"] if c["figure"] == "pledged" and c["subject"]["code"] == "EE")
    assert change["before"] == "1234567.00" and change["after"] == "1235567.00"
    # Ukrainian groups with a (non-breaking) space and uses a decimal comma: no English separators.
    assert "1,234,567" not in change["text"] and "1 234 567" in change["text"].replace("\xa0", " ")


def test_an_old_layout_is_not_compared(world):
    with pytest.raises(Incomparable, match="cannot be compared"):
        diff_payloads(LEGACY_PAYLOAD, payload(world))
    with pytest.raises(Incomparable):
        diff_payloads(LEGACY_PAYLOAD, LEGACY_PAYLOAD)
