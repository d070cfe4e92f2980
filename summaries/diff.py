"""'What changed' between two snapshots, figure by figure, each change said in words.

Works on the payloads alone (aggregates: the coalition, each state, each stage), so any two snapshots of the
same schema version compare however old they are. Each change names its subject and figure in human words,
with the values before and after, and a sentence ("Estonia: paid rose from 250,000 EUR to 650,000 EUR
(+400,000 EUR).") in the reader's language. Snapshots of different schema versions raise `Incomparable`:
their figures do not mean the same (see summaries.payload).
"""

from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from summaries import payload as payloads
from summaries.figures.contributions import STAGES as PLEDGE_STAGES
from summaries.figures.roadmap import STAGES as ROADMAP_STAGES

EUR, COUNT = "EUR", "count"


class Incomparable(Exception):
    """The two snapshots cannot be compared (different schema versions)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


PLEDGE_FIGURES = [
    ("pledged", gettext_lazy("pledged"), EUR, "pledged_eur"),
    ("paid", gettext_lazy("paid"), EUR, "paid_eur"),
    ("outstanding", gettext_lazy("outstanding (confirmed, not yet paid)"), EUR, "outstanding_eur"),
    ("overpaid", gettext_lazy("paid beyond the pledged amounts"), EUR, "overpaid_eur"),
    ("undisclosed", gettext_lazy("pledges without a disclosed amount"), COUNT, "undisclosed"),
    ("unconverted", gettext_lazy("pledges without an exchange rate"), COUNT, "unconverted"),
]
STAGE_COUNT_LABELS = {
    "announced": gettext_lazy("pledges announced, not yet confirmed"),
    "confirmed": gettext_lazy("confirmed pledges (not yet committed)"),
    "committed": gettext_lazy("committed pledges (not yet fulfilled)"),
    "fulfilled": gettext_lazy("fulfilled pledges"),
    "withdrawn": gettext_lazy("withdrawn pledges"),
}
STAGE_AMOUNT_LABELS = {
    "announced": gettext_lazy("announced, not yet confirmed"),
    "confirmed": gettext_lazy("confirmed, not yet committed"),
    "committed": gettext_lazy("committed, not yet fulfilled"),
    "fulfilled": gettext_lazy("fulfilled"),
    "withdrawn": gettext_lazy("withdrawn"),
}
REVIEW_FIGURES = [
    ("review_confirmed", gettext_lazy("pledges confirmed by the delegation"), "confirmed"),
    ("review_disputed", gettext_lazy("pledges disputed by the delegation"), "disputed"),
    ("review_needed", gettext_lazy("pledges awaiting the delegation's review"), "needs_review"),
]
ROADMAP_FIGURES = [
    ("items", gettext_lazy("roadmap items"), COUNT, "items"),
    ("estimate_low", gettext_lazy("estimated cost (low)"), EUR, "estimate_low_eur"),
    ("estimate_high", gettext_lazy("estimated cost (high)"), EUR, "estimate_high_eur"),
    ("funded", gettext_lazy("funded"), EUR, "funded_eur"),
    ("gap_low", gettext_lazy("funding gap (low estimate)"), EUR, "gap_low_eur"),
    ("gap_high", gettext_lazy("funding gap (high estimate)"), EUR, "gap_high_eur"),
    ("unfunded_items", gettext_lazy("items without funding"), COUNT, "unfunded_items"),
    ("overdue_items", gettext_lazy("items with an overdue delivery"), COUNT, "overdue_items"),
    ("overdue_deliveries", gettext_lazy("overdue deliveries"), COUNT, "overdue_deliveries"),
    ("estimates_without_rate", gettext_lazy("estimates without a rate"), COUNT, "estimates_without_rate"),
]
ACTION_FIGURES = [
    ("open", gettext_lazy("open action items"), "open"),
    ("overdue", gettext_lazy("overdue action items"), "overdue"),
]


def _number(value: Decimal, unit: str) -> str:
    if unit == COUNT:
        return formats.number_format(int(value), force_grouping=True)
    places = 0 if value == value.to_integral_value() else 2
    return f"{formats.number_format(value, decimal_pos=places, force_grouping=True)} EUR"


def _phrase(label: str, unit: str, before, after) -> str:
    """The change of one figure in words, without its subject ("paid rose from 0 EUR to 4 EUR (+4 EUR)")."""
    values = {"label": label}
    if before is None:
        values["after"] = _number(after, unit)
        return _("%(label)s now %(after)s (not known before)") % values
    if after is None:
        if not before:
            return _("%(label)s undisclosed (none before)") % values
        values["before"] = _number(before, unit)
        return _("%(label)s no longer known (%(before)s before)") % values
    values.update(before=_number(before, unit), after=_number(after, unit))
    values["difference"] = _number(abs(after - before), unit)
    if after > before:
        return _("%(label)s rose from %(before)s to %(after)s (+%(difference)s)") % values
    return _("%(label)s fell from %(before)s to %(after)s (−%(difference)s)") % values  # noqa: RUF001


def _value(raw):
    return None if raw is None else Decimal(str(raw))


class _Changes:
    def __init__(self):
        self.items = []

    def compare(self, section, subject, figure, label, unit, before, after):
        before, after = _value(before), _value(after)
        if before == after:
            return
        phrase = _phrase(str(label), unit, before, after)
        self.items.append(
            {
                "section": section,
                "subject": subject,
                "figure": figure,
                "label": str(label),
                "unit": unit,
                "before": None if before is None else str(before),
                "after": None if after is None else str(after),
                "difference": None if before is None or after is None else str(after - before),
                "text": _("%(subject)s: %(change)s.") % {"subject": subject["label"], "change": phrase},
                "phrase": phrase,  # for pages that group the changes by subject (not in the API)
            }
        )


def _empty_pledge_figures():
    return {
        "pledges": 0,
        "undisclosed": 0,
        "unconverted": 0,
        "pledged_eur": "0.00",
        "paid_eur": "0.00",
        "outstanding_eur": "0.00",
        "overpaid_eur": "0.00",
        "stages": [],
    }


def _stages(figures):
    return {stage["stage"]: stage for stage in figures.get("stages", [])}


def _pledge_changes(changes, subject, old, new):
    for figure, label, unit, key in PLEDGE_FIGURES:
        if key == "overpaid_eur" and None in (old.get(key), new.get(key)):
            continue  # unknown only because every amount is undisclosed: the counts already say so
        changes.compare("contributions", subject, figure, label, unit, old.get(key), new.get(key))
    old_stages, new_stages = _stages(old), _stages(new)
    empty = {"pledges": 0, "amount_eur": "0.00"}
    for stage in PLEDGE_STAGES:
        a, b = old_stages.get(stage, empty), new_stages.get(stage, empty)
        changes.compare(
            "contributions",
            subject,
            f"{stage}_pledges",
            STAGE_COUNT_LABELS[stage],
            COUNT,
            a["pledges"],
            b["pledges"],
        )
        changes.compare(
            "contributions",
            subject,
            f"{stage}_amount",
            STAGE_AMOUNT_LABELS[stage],
            EUR,
            a["amount_eur"],
            b["amount_eur"],
        )


def _check_versions(older: dict, newer: dict) -> None:
    versions = payloads.schema_version(older), payloads.schema_version(newer)
    if versions != (payloads.SCHEMA_VERSION, payloads.SCHEMA_VERSION):
        raise Incomparable(
            _(
                "These summaries cannot be compared: one was computed by an earlier version of the "
                "portal (schema %(old)s and %(new)s), whose figures do not mean the same (announced "
                "pledges counted as outstanding, illustrations mixed into the totals). Compare two "
                "summaries of schema %(current)s."
            )
            % {"old": versions[0], "new": versions[1], "current": payloads.SCHEMA_VERSION}
        )


def diff_payloads(older: dict, newer: dict, *, facts_only: bool = False) -> dict:
    """Compare two payloads (older first): every figure that differs, in a stable order."""
    _check_versions(older, newer)
    variant = payloads.variant_for(facts_only)
    changes = _Changes()
    coalition = {"kind": "coalition", "code": "", "label": newer["coalition"]["short_name"]}

    old_c, new_c = older["contributions"], newer["contributions"]
    _pledge_changes(changes, coalition, old_c["totals"][variant], new_c["totals"][variant])
    old_states = {row["participant"]["id"]: row for row in old_c["by_state"]}
    new_states = {row["participant"]["id"]: row for row in new_c["by_state"]}
    rows = sorted(
        {**old_states, **new_states}.items(), key=lambda item: (item[1]["participant"]["name"], item[0])
    )
    for participant_id, row in rows:
        participant = row["participant"]
        subject = {"kind": "state", "code": participant["code"], "label": participant["name"]}
        old = old_states.get(participant_id)
        new = new_states.get(participant_id)
        _pledge_changes(
            changes,
            subject,
            old[variant] if old else _empty_pledge_figures(),
            new[variant] if new else _empty_pledge_figures(),
        )
        for figure, label, key in REVIEW_FIGURES:
            before = (old or {}).get("review", {}).get(variant, {}).get(key, 0)
            after = (new or {}).get("review", {}).get(variant, {}).get(key, 0)
            changes.compare("contributions", subject, figure, label, COUNT, before, after)

    old_r, new_r = older["roadmap"], newer["roadmap"]
    roadmap = {"kind": "roadmap", "code": "", "label": str(gettext_lazy("Roadmap"))}
    for figure, label, unit, key in ROADMAP_FIGURES:
        before, after = old_r["totals"][variant][key], new_r["totals"][variant][key]
        changes.compare("roadmap", roadmap, figure, label, unit, before, after)
    old_stages = {row["stage"]: row[variant] for row in old_r["by_stage"]}
    new_stages = {row["stage"]: row[variant] for row in new_r["by_stage"]}
    for stage in ROADMAP_STAGES:
        subject = {"kind": "roadmap_stage", "code": stage, "label": payloads.roadmap_stage_label(stage)}
        changes.compare(
            "roadmap",
            subject,
            "items",
            gettext_lazy("roadmap items"),
            COUNT,
            old_stages.get(stage, {}).get("items", 0),
            new_stages.get(stage, {}).get("items", 0),
        )

    actions = {"kind": "action_items", "code": "", "label": str(gettext_lazy("Action items"))}
    old_a, new_a = older["meetings"]["action_items"], newer["meetings"]["action_items"]
    for figure, label, key in ACTION_FIGURES:
        changes.compare("meetings", actions, figure, label, COUNT, old_a[key], new_a[key])

    return {
        "from_data_as_of": older["data_as_of"],
        "to_data_as_of": newer["data_as_of"],
        "facts_only": facts_only,
        "unchanged": not changes.items,
        "changes": changes.items,
    }
