"""Reading a snapshot's payload: its schema version and the human labels of the codes it keeps.

A payload keeps stable codes (`confirmed`, `tendering`); labels are given when it is read, in the reader's
language, so a snapshot written by a worker in English reads in Ukrainian too.

Versions: 1 (until the aggregates-only layout) kept every pledge row and figures that counted announced
pledges as outstanding, subtracted over-payments and mixed illustrations into the totals; 2 is the layout of
summaries.figures. A version-1 snapshot stays readable (its page shows its figures as they were computed) but
is not compared with a version-2 one: the figures do not mean the same.
"""

from django.utils.translation import gettext_lazy as _

from contributions.models import Pledge
from procurement.models import RoadmapItem
from summaries.figures import SCHEMA_VERSION

PLEDGE_STAGE_LABELS = {
    Pledge.Status.ANNOUNCED: _("Announced, not yet confirmed"),
    Pledge.Status.CONFIRMED: _("Confirmed, not yet committed"),
    Pledge.Status.COMMITTED: _("Committed, not yet fulfilled"),
    Pledge.Status.FULFILLED: _("Fulfilled"),
    Pledge.Status.WITHDRAWN: _("Withdrawn"),
}
ROADMAP_STAGE_LABELS = dict(RoadmapItem.Status.choices)
VERDICT_LABELS = {
    "consistent": _("consistent"),
    "short": _("itemised pledges fall short"),
    "over": _("itemised pledges exceed it"),
    "unknown": _("cannot tell (undisclosed amounts or missing rates)"),
}


def schema_version(payload: dict | None) -> int:
    if not payload:
        return SCHEMA_VERSION
    return int(payload.get("schema_version") or payload.get("version") or 1)


def is_current(payload: dict | None) -> bool:
    return schema_version(payload) == SCHEMA_VERSION


def pledge_stage_label(code: str) -> str:
    return str(PLEDGE_STAGE_LABELS.get(code, code))


def roadmap_stage_label(code: str) -> str:
    return str(ROADMAP_STAGE_LABELS.get(code, code))


def variant_for(facts_only: bool) -> str:
    return "facts" if facts_only else "all"
