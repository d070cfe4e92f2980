"""The records of the second demo coalition (coalition.demo_demining loads them): its members, pledges,
payments, roadmap, allocations and orders. All illustrative: none of it is a fact."""

from datetime import date

SLUG = "demining-demo"
NAME = "Demining Coalition (illustrative demo)"
NOTE = "Illustrative demo record: not a fact."
FOUNDED = date(2024, 5, 14)

MEMBERS = [  # (code, role)
    ("LT", "lead"),
    ("IS", "lead"),
    ("UA", "beneficiary"),
    ("DK", "member"),
    ("GB", "member"),
    ("NL", "member"),
    ("PL", "member"),
    ("US", "member"),
    ("JP", "observer"),
    ("EE", "member"),
    ("LU", "member"),
]

# (key, donor, kind, amount, currency, status, announced_on, review, purpose)
PLEDGES = [
    (
        "lt-1",
        "LT",
        "financial",
        "12500000.00",
        "EUR",
        "committed",
        date(2024, 5, 14),
        "confirmed",
        "Mechanical demining machines",
    ),
    (
        "is-1",
        "IS",
        "in_kind",
        "3000000.00",
        "EUR",
        "fulfilled",
        date(2024, 5, 14),
        "confirmed",
        "Training of deminers",
    ),
    (
        "dk-1",
        "DK",
        "financial",
        "60000000.00",
        "DKK",
        "committed",
        date(2024, 6, 20),
        "confirmed",
        "Detectors and protective equipment",
    ),
    (
        "gb-1",
        "GB",
        "financial",
        "8000000.00",
        "GBP",
        "confirmed",
        date(2024, 9, 12),
        "needs_review",
        "Survey drones",
    ),
    (
        "us-1",
        "US",
        "financial",
        "15000000.00",
        "USD",
        "confirmed",
        date(2024, 9, 12),
        "disputed",
        "Explosive ordnance disposal kits",
    ),
    (
        "pl-1",
        "PL",
        "in_kind",
        "20000000.00",
        "PLN",
        "announced",
        date(2025, 2, 3),
        "needs_review",
        "Armoured clearance vehicles",
    ),
    (
        "nl-1",
        "NL",
        "financial",
        "4000000.00",
        "EUR",
        "confirmed",
        date(2025, 2, 3),
        "confirmed",
        "Mine-risk education",
    ),
    (
        "ee-1",
        "EE",
        "financial",
        "2500000.00",
        "EUR",
        "confirmed",
        date(2025, 2, 3),
        "needs_review",
        "Field data system for cleared areas",
    ),
    (
        "lu-1",
        "LU",
        "financial",
        "1800000.00",
        "EUR",
        "committed",
        date(2025, 6, 10),
        "disputed",
        "Satellite survey of contaminated land",
    ),
    (
        "ee-2",
        "EE",
        "services",
        None,
        "EUR",
        "announced",
        date(2025, 6, 10),
        "needs_review",
        "Further contribution, amount not yet disclosed",
    ),
]
# (pledge key, amount in the pledge's currency, paid on)
PAYMENTS = [
    ("lt-1", "5000000.00", date(2024, 7, 1)),
    ("lt-1", "2500000.00", date(2025, 1, 15)),
    ("is-1", "3000000.00", date(2024, 11, 30)),
    ("dk-1", "20000000.00", date(2024, 9, 1)),
    ("nl-1", "1000000.00", date(2025, 4, 1)),
    ("lu-1", "900000.00", date(2025, 9, 1)),
]
# (title, area, year, quarter, low, high, status, lead)
ITEMS = [
    ("Mechanical demining machines (12)", "Clearance", 2024, 3, "11000000", "14000000", "delivering", "LT"),
    (
        "Metal detectors and protective kits (4,000)",
        "Clearance",
        2024,
        4,
        "7000000",
        "9000000",
        "delivered",
        "DK",
    ),
    (
        "Survey drones with multispectral sensors (60)",
        "Survey",
        2025,
        1,
        "6000000",
        "8000000",
        "contracted",
        "GB",
    ),
    ("Deminer training centre, first year", "Training", 2025, 2, "2500000", "3500000", "delivering", "IS"),
    ("Armoured clearance vehicles (20)", "Clearance", 2025, 4, "18000000", "25000000", "tendering", "PL"),
    ("Field data system for cleared land", "Survey", 2026, 1, "1500000", "2500000", "requirements", "EE"),
]
AREAS = [
    ("Clearance", "Machines, detectors and vehicles"),
    ("Survey", "Finding contaminated land"),
    ("Training", "Deminers and mine-risk education"),
]
# (item index, pledge key, amount in the pledge's currency)
ALLOCATIONS = [
    (0, "lt-1", "11000000.00"),
    (1, "dk-1", "50000000.00"),
    (3, "is-1", "3000000.00"),
    (2, "nl-1", "1500000.00"),
]
# (item index, supplier, reference, value EUR, ordered on, quantity, [(quantity, expected on, delivered on)])
ORDERS = [
    (
        0,
        "Example Machines Ltd (illustrative)",
        "DEMO-ORD-001",
        "11000000",
        date(2024, 8, 1),
        12,
        [
            (4, date(2024, 12, 1), date(2024, 12, 5)),
            (4, date(2025, 6, 1), date(2025, 6, 20)),
            (4, date(2026, 3, 1), None),
        ],
    ),
    (
        1,
        "Example Detectors A/S (illustrative)",
        "DEMO-ORD-002",
        "7800000",
        date(2024, 7, 15),
        4000,
        [(2000, date(2024, 10, 1), date(2024, 10, 3)), (2000, date(2025, 1, 15), date(2025, 1, 20))],
    ),
    (
        2,
        "Example Drones plc (illustrative)",
        "DEMO-ORD-003",
        "6500000",
        date(2025, 3, 1),
        60,
        [(30, date(2025, 9, 1), None), (30, date(2027, 2, 1), None)],
    ),
]
