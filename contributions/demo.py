"""Demo contributions from the seeds. Facts are facts with their source; anything the seeds do not give is
illustrative and says so. Idempotent: every write is an `upsert` that saves only what differs.

From the seeds:
- first meeting (2024-02-02): Estonia, Luxembourg, Denmark, Latvia, Lithuania and the Netherlands
  "confirmed their contributions … totaling more than €30 million" — six confirmed pledges whose per-state
  amounts the seeds do not give (undisclosed), and a reported total of more than €30 million;
- second meeting (Luxembourg, 2024-04-09): "Several states, including Estonia and Luxembourg, have announced
  further financial contributions" — two announced pledges, amounts undisclosed.
Estonia's opportunity to buy munitions "if the allies provide funds" is a procurement item, not a pledge.
"""

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from coalition.demo import FIRST_MEETING, FIRST_MEETING_ON, SECOND_MEETING, SECOND_MEETING_ON, upsert
from contributions.ecb import parse_ecb_csv
from contributions.models import Disbursement, Pledge, PledgeTransition, ReportedTotal
from contributions.services import fx_rates_load

FX_SAMPLE = Path(__file__).resolve().parent / "fixtures" / "ecb-sample.csv"
FX_SOURCE = "Sample in the ECB reference-rate layout (demo data; values approximate)"
FIRST_MEETING_DONORS = ("EE", "LU", "DK", "LV", "LT", "NL")
SECOND_MEETING_DONORS = ("EE", "LU")


def _meeting(coalition, number, defaults):
    """The meetings app's loader upserts the same rows by (coalition, number); an existing row is left as is
    so the two loaders never undo each other."""
    from meetings.models import Meeting

    existing = Meeting.objects.filter(coalition=coalition, number=number).first()
    if existing is not None:
        return existing
    meeting, _ = upsert(Meeting, {"coalition": coalition, "number": number}, defaults)
    return meeting


def _pledge(coalition, donor, lookup_extra, defaults, transitions):
    pledge, _ = upsert(Pledge, {"coalition": coalition, "donor": donor, **lookup_extra}, defaults)
    previous = ""
    for status, on in transitions:
        upsert(
            PledgeTransition,
            {"pledge": pledge, "to_status": status},
            {"from_status": previous, "effective_on": on, "note": "Recorded from the demo data."},
        )
        previous = status
    return pledge


def load(context):
    coalition = context["coalition"]
    participants = context["participants"]

    parsed = parse_ecb_csv(FX_SAMPLE.read_text(encoding="utf-8"))
    fx_rates_load(actor=None, rates=parsed.rates, source=FX_SOURCE)

    m1 = _meeting(
        coalition,
        1,
        {
            "title": "First meeting of the Steering Group",
            "starts_at": datetime(2024, 2, 2, 9, 0, tzinfo=UTC),
            "ends_at": datetime(2024, 2, 2, 17, 0, tzinfo=UTC),
            "status": "held",
            "source": FIRST_MEETING,
        },
    )
    m2 = _meeting(
        coalition,
        2,
        {
            "title": "Second meeting of the Steering Group",
            "starts_at": datetime(2024, 4, 9, 9, 0, tzinfo=UTC),
            "ends_at": datetime(2024, 4, 9, 17, 0, tzinfo=UTC),
            "place": "Luxembourg",
            "status": "held",
            "source": SECOND_MEETING,
        },
    )
    context["meetings"] = {1: m1, 2: m2}

    pledges = {}
    for code in FIRST_MEETING_DONORS:
        pledges[(1, code)] = _pledge(
            coalition,
            participants[code],
            {"announced_at": m1, "announced_on": FIRST_MEETING_ON},
            {
                "kind": Pledge.Kind.FINANCIAL,
                "amount": None,
                "currency": "EUR",
                "status": Pledge.Status.CONFIRMED,
                "confirmed_on": FIRST_MEETING_ON,
                "source": FIRST_MEETING,
                "is_illustrative": False,
                "note": (
                    "Confirmed its contribution at the first meeting (fact). The seeds give only the total "
                    "of the six (more than €30 million), so this amount is undisclosed."
                ),
            },
            [(Pledge.Status.CONFIRMED, FIRST_MEETING_ON)],
        )

    upsert(
        ReportedTotal,
        {"meeting": m1, "stated_text": "more than €30 million"},
        {
            "amount": Decimal("30000000.00"),
            "currency": "EUR",
            "qualifier": ReportedTotal.Qualifier.MORE_THAN,
            "source": FIRST_MEETING,
            "is_illustrative": False,
            "note": "Total of the contributions confirmed by EE, LU, DK, LV, LT and NL.",
        },
    )

    for code in SECOND_MEETING_DONORS:
        pledges[(2, code)] = _pledge(
            coalition,
            participants[code],
            {"announced_at": m2, "announced_on": SECOND_MEETING_ON},
            {
                "kind": Pledge.Kind.FINANCIAL,
                "amount": None,
                "currency": "EUR",
                "status": Pledge.Status.ANNOUNCED,
                "purpose": "Further financial contribution",
                "source": SECOND_MEETING,
                "is_illustrative": False,
                "note": "Announced “further financial contributions” at the second meeting (fact); "
                "amount undisclosed.",
            },
            [(Pledge.Status.ANNOUNCED, SECOND_MEETING_ON)],
        )

    # An illustrative example, not from the seeds: a pledge in another currency with a payment, so the demo
    # shows conversion to EUR, a rate date and an outstanding balance.
    example = _pledge(
        coalition,
        participants["DK"],
        {"announced_at": None, "announced_on": date(2024, 4, 5), "is_illustrative": True},
        {
            "kind": Pledge.Kind.SERVICES,
            "amount": Decimal("15000000.00"),
            "currency": "DKK",
            "status": Pledge.Status.COMMITTED,
            "confirmed_on": date(2024, 4, 5),
            "committed_on": date(2024, 4, 8),
            "purpose": "Illustrative: network engineering services",
            "source": "",
            "note": "Illustrative example, not from the seeds: a non-euro pledge, its rate and a payment.",
        },
        [
            (Pledge.Status.ANNOUNCED, date(2024, 4, 5)),
            (Pledge.Status.CONFIRMED, date(2024, 4, 5)),
            (Pledge.Status.COMMITTED, date(2024, 4, 8)),
        ],
    )
    upsert(
        Disbursement,
        {"pledge": example, "reference": "ILLUSTRATIVE-001"},
        {
            "coalition": coalition,
            "amount": Decimal("5000000.00"),
            "currency": "DKK",
            "amount_in_pledge_currency": Decimal("5000000.00"),
            "paid_on": date(2024, 4, 9),
            "is_illustrative": True,
            "note": "Illustrative payment, not from the seeds.",
        },
    )
    pledges["example"] = example
    context["pledges"] = pledges
    return context
