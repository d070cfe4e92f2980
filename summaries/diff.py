"""'What changed' between two snapshots: new and changed pledges, payments, status moves, new overdue items.

Works on the payloads alone, so any two snapshots can be compared, however old.
"""

from decimal import Decimal


def _by_id(rows):
    return {str(row["id"]): row for row in rows or []}


def _money(value):
    return Decimal(value) if value not in (None, "") else None


def _changes(old: dict, new: dict, fields) -> dict:
    return {f: {"from": old.get(f), "to": new.get(f)} for f in fields if old.get(f) != new.get(f)}


def diff_payloads(older: dict, newer: dict) -> dict:
    """Compare two payloads (older first). Every list is sorted, so the result is stable."""
    old_pledges, new_pledges = _by_id(older.get("pledges")), _by_id(newer.get("pledges"))
    new_ids = sorted(set(new_pledges) - set(old_pledges), key=int)
    gone_ids = sorted(set(old_pledges) - set(new_pledges), key=int)
    changed, status_moves, payments = [], [], []
    for pid in sorted(set(old_pledges) & set(new_pledges), key=int):
        old, new = old_pledges[pid], new_pledges[pid]
        fields = _changes(old, new, ["amount", "currency", "status", "review_status", "donor"])
        if fields:
            changed.append({"id": int(pid), "donor": new.get("donor"), "changes": fields})
        if old.get("status") != new.get("status"):
            status_moves.append(
                {
                    "kind": "pledge",
                    "id": int(pid),
                    "label": new.get("donor"),
                    "from": old.get("status"),
                    "to": new.get("status"),
                }
            )
        paid_before, paid_now = _money(old.get("paid")) or Decimal(0), _money(new.get("paid")) or Decimal(0)
        if paid_now != paid_before:
            payments.append(
                {
                    "pledge": int(pid),
                    "donor": new.get("donor"),
                    "currency": new.get("currency"),
                    "paid_before": str(paid_before),
                    "paid_now": str(paid_now),
                    "difference": str(paid_now - paid_before),
                }
            )
    for pid in new_ids:
        paid = _money(new_pledges[pid].get("paid")) or Decimal(0)
        if paid:
            payments.append(
                {
                    "pledge": int(pid),
                    "donor": new_pledges[pid].get("donor"),
                    "currency": new_pledges[pid].get("currency"),
                    "paid_before": "0",
                    "paid_now": str(paid),
                    "difference": str(paid),
                }
            )

    old_items, new_items = _by_id(older.get("roadmap_items")), _by_id(newer.get("roadmap_items"))
    for iid in sorted(set(old_items) & set(new_items), key=int):
        if old_items[iid].get("status") != new_items[iid].get("status"):
            status_moves.append(
                {
                    "kind": "roadmap_item",
                    "id": int(iid),
                    "label": new_items[iid].get("title"),
                    "from": old_items[iid].get("status"),
                    "to": new_items[iid].get("status"),
                }
            )

    def new_overdue(key):
        before = {str(i) for i in older.get(key, [])}
        return sorted((i for i in newer.get(key, []) if str(i) not in before), key=lambda x: int(x))

    return {
        "from_generated_at": older.get("generated_at"),
        "to_generated_at": newer.get("generated_at"),
        "new_pledges": [new_pledges[pid] for pid in new_ids],
        "removed_pledges": [old_pledges[pid] for pid in gone_ids],
        "changed_pledges": changed,
        "payments": payments,
        "status_moves": status_moves,
        "new_overdue_deliveries": new_overdue("overdue_delivery_ids"),
        "new_overdue_action_items": new_overdue("overdue_action_item_ids"),
        "totals": _total_changes(
            older.get("contributions", {}).get("totals", {}), newer.get("contributions", {}).get("totals", {})
        ),
    }


def _total_changes(old: dict, new: dict) -> dict:
    out = {}
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if isinstance(a, (str, type(None))) and isinstance(b, (str, type(None))) and a != b:
            try:
                out[key] = {"from": a, "to": b, "difference": str((_money(b) or 0) - (_money(a) or 0))}
            except ArithmeticError:
                out[key] = {"from": a, "to": b}
    return out


def is_empty(diff: dict) -> bool:
    return not any(
        diff[k]
        for k in (
            "new_pledges",
            "removed_pledges",
            "changed_pledges",
            "payments",
            "status_moves",
            "new_overdue_deliveries",
            "new_overdue_action_items",
        )
    )
