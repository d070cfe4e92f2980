"""What `make bench` times: each API list (first and deep pages) with its raw-SQL baseline URL, each page
with a comparable admin changelist."""

import base64
from urllib.parse import quote, urlencode

from bench_servers import psql

PAGE = 100


def cursor_for(position: str) -> str:
    """A DRF cursor pointing just past `position` (the created_at of the last row of the previous page)."""
    return base64.b64encode(urlencode({"p": position}).encode()).decode()


def api_cases(info, portal, raw):
    """(label, portal URL, baseline URL) of each API list, first and deep pages."""
    with_db = lambda sql: psql(info["url"], sql, db=info["name"])  # noqa: E731
    user = with_db("SELECT id FROM auth_user WHERE username = 'bench'")
    visible = f"coalition_id IN (SELECT coalition_id FROM coalition_userrole WHERE user_id = {user})"  # noqa: S608
    cases = []

    def deep(table, where, fraction=0.9):
        count = int(with_db(f"SELECT count(*) FROM {table} WHERE {where}"))  # noqa: S608
        skip = max(0, int(count * fraction) - 1)
        position = with_db(
            f"SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"') "  # noqa: S608
            f"FROM {table} WHERE {where} ORDER BY created_at DESC, id DESC OFFSET {skip} LIMIT 1"
        )
        return position, skip + 1

    api = f"{portal}/api/v1"
    q = f"user={user}&n={PAGE}"
    cases.append(("API pledges, page 1", f"{api}/pledges/?page_size={PAGE}", f"{raw}/pledges?{q}"))
    position, skipped = deep("contributions_pledge", visible)
    cases.append(
        (
            f"API pledges, deep page (after {skipped} rows)",
            f"{api}/pledges/?page_size={PAGE}&cursor={cursor_for(position)}",
            f"{raw}/pledges?{q}&before={quote(position)}",
        )
    )
    donor, status = with_db(
        "SELECT donor_id, status FROM contributions_pledge GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1"
    ).split("|")
    cases.append(
        (
            "API pledges, by status and donor",
            f"{api}/pledges/?page_size={PAGE}&status={status}&donor={donor}",
            f"{raw}/pledges?{q}&status={status}&donor_id={donor}",
        )
    )
    cases.append(
        ("API disbursements, page 1", f"{api}/disbursements/?page_size={PAGE}", f"{raw}/disbursements?{q}")
    )
    position, skipped = deep("contributions_disbursement", visible)
    cases.append(
        (
            f"API disbursements, deep page (after {skipped} rows)",
            f"{api}/disbursements/?page_size={PAGE}&cursor={cursor_for(position)}",
            f"{raw}/disbursements?{q}&before={quote(position)}",
        )
    )
    cases.append(
        ("API allocations, page 1", f"{api}/allocations/?page_size={PAGE}", f"{raw}/allocations?{q}")
    )
    cases.append(
        ("API action items, page 1", f"{api}/action-items/?page_size={PAGE}", f"{raw}/action-items?{q}")
    )
    cases.append(
        ("API roadmap items, page 1", f"{api}/roadmap-items/?page_size={PAGE}", f"{raw}/roadmap-items?{q}")
    )
    items = int(with_db(f"SELECT count(*) FROM procurement_roadmapitem WHERE {visible}"))  # noqa: S608
    last = max(1, int(items * 0.9) // PAGE)
    cases.append(
        (
            f"API roadmap items, page {last}",
            f"{api}/roadmap-items/?page_size={PAGE}&page={last}",
            f"{raw}/roadmap-items?{q}&offset={(last - 1) * PAGE}",
        )
    )
    cases.append(("API meetings, page 1", f"{api}/meetings/?page_size={PAGE}", f"{raw}/meetings?{q}"))
    return cases


def page_cases(info, portal):
    """(label, portal page, comparable admin changelist) on the largest coalition."""
    with_db = lambda sql: psql(info["url"], sql, db=info["name"])  # noqa: E731
    meeting = with_db(
        "SELECT m.number FROM meetings_meeting m JOIN coalition_coalition c ON c.id = m.coalition_id "
        "WHERE c.slug = 'bench-0' AND m.status = 'held' ORDER BY m.starts_at DESC LIMIT 1"
    )
    c = f"{portal}/c/bench-0"
    admin = f"{portal}/admin"
    return [
        ("page pledges list", f"{c}/pledges/", f"{admin}/contributions/pledge/"),
        ("page state summary", f"{c}/pledges/summary/", f"{admin}/contributions/pledge/"),
        ("page roadmap list", f"{c}/roadmap/", f"{admin}/procurement/roadmapitem/"),
        ("page roadmap timeline", f"{c}/roadmap/timeline/", f"{admin}/procurement/roadmapitem/"),
        ("page meeting detail", f"{c}/meetings/{meeting}/", f"{admin}/meetings/actionitem/"),
        ("page action-item board", f"{c}/action-items/", f"{admin}/meetings/actionitem/"),
        ("page dashboard", f"{c}/dashboard/", f"{admin}/contributions/disbursement/"),
    ]
