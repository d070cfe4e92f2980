"""Sums of per-record figures over one group, and how they leave as JSON.

A money figure is a decimal string to the cent. It is `null` when the group holds records but none with a
known EUR figure (every amount undisclosed or without a rate): "unknown" must never read as 0.00. A group
with no record at all sums to "0.00". The counts beside each figure say how many records were left out.
"""

from dataclasses import dataclass, fields
from decimal import Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def decimal(value) -> Decimal:
    """A database sum as a Decimal to the cent (SQLite sums in floating point; PostgreSQL exactly)."""
    if value is None:
        return ZERO
    if isinstance(value, float):
        value = repr(value)
    return Decimal(value).quantize(CENT)


def money(total: Decimal, records: int, known: int) -> str | None:
    """The JSON form of a sum over `records` records of which `known` had a figure (see module doc)."""
    if records and not known:
        return None
    return str(total.quantize(CENT))


@dataclass
class Sums:
    """Base of the per-group sums: adds and subtracts field by field (illustrative = all - facts)."""

    def __add__(self, other):
        return type(self)(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def __sub__(self, other):
        return type(self)(*(getattr(self, f.name) - getattr(other, f.name) for f in fields(self)))

    @classmethod
    def zero(cls):
        return cls(*(0 if f.type in (int, "int") else ZERO for f in fields(cls)))

    @classmethod
    def from_row(cls, values):
        return cls(
            *(
                int(v or 0) if f.type in (int, "int") else decimal(v)
                for f, v in zip(fields(cls), values, strict=True)
            )
        )


def total(cells, cls):
    result = cls.zero()
    for cell in cells:
        result = result + cell
    return result


def difference(every, facts):
    """The illustrative part of a figures dict: all minus facts, key by key (so all = facts + illustrative
    holds for every figure, counts and money alike). A money figure unknown in `all` stays unknown; one
    unknown in `facts` only (every known record is illustrative) counts as zero there. It can be negative
    where an illustration lowers a total (an illustrative payment on a factual pledge lowers what is
    outstanding)."""
    if isinstance(every, dict):
        result = {key: difference(value, facts.get(key)) for key, value in every.items()}
        if result.get("pledges", result.get("items")) == 0:  # no illustrative record: a known zero
            result = {k: ("0.00" if v is None and k.endswith("_eur") else v) for k, v in result.items()}
        return result
    if isinstance(every, list):
        return [difference(a, b) for a, b in zip(every, facts, strict=True)]
    if isinstance(every, bool) or every is None:
        return every
    if isinstance(every, int):
        return every - (facts or 0)
    if isinstance(every, str) and every != "" and _is_money(every):
        return str((Decimal(every) - Decimal(facts or 0)).quantize(CENT))
    return every


def _is_money(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return "." in text
