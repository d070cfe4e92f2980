"""Reads of contributions, shared by pages, the API, exports and tests. Money is summed in the database.

Every figure of a pledge (pledged, paid, outstanding) is converted to EUR at ONE rate: the latest rate on
or before the pledge's announcement date (see contributions.fx). So paid + outstanding = pledged holds in
euros exactly as in the pledge's currency. An undisclosed amount (NULL) or a missing rate is never counted as
zero: the totals carry separate counts of undisclosed and unconverted pledges.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext as _

from coalition.querysets import aggregate_row
from contributions import figure_sql
from contributions.fx import CENT, MONEY_FIELD, Cents, annotate_eur, eur_expression, to_eur
from contributions.models import (
    Disbursement,
    FxRate,
    Pledge,
    PledgeReview,
    PledgeTransition,
    ReportedTotal,
)

Status = Pledge.Status
ZERO = Decimal("0.00")

OPEN_OR_FULFILLED = Q(status__in=[Status.ANNOUNCED, Status.CONFIRMED, Status.COMMITTED, Status.FULFILLED])
CONFIRMED_OR_FURTHER = Q(status__in=[Status.CONFIRMED, Status.COMMITTED, Status.FULFILLED])
COMMITTED_OR_FURTHER = Q(status__in=[Status.COMMITTED, Status.FULFILLED])


# Per-pledge figures ----------


DUE = [Status.CONFIRMED, Status.COMMITTED, Status.FULFILLED]  # the stages in which money is owed


def _money_case(*whens, default=None):
    default = (
        Value(default, output_field=MONEY_FIELD)
        if default is None or isinstance(default, Decimal)
        else default
    )
    return Cents(Case(*whens, default=default, output_field=MONEY_FIELD))


def _stage_figures(amount, paid, *, suffix=""):
    """The per-pledge figures of one denomination (the pledge's currency, or EUR with `suffix="_eur"`).

    - `outstanding`: what is still owed, never negative; only once a pledge is confirmed (confirmed,
      committed, fulfilled); NULL for an announced or withdrawn pledge and for an undisclosed amount;
    - `overpaid`: what was paid beyond the amount (0 when none): its own figure, never a negative balance;
    - `unconfirmed`: the amount of a pledge announced and not yet confirmed (NULL otherwise).

    So for a confirmed-or-further pledge with a figure: paid - overpaid + outstanding = amount, exactly (in
    EUR too: both sides come from the same rounded figures).
    """
    due, paid_up = Q(status__in=DUE), Q(**{f"{paid}__gte": F(amount)})
    return {
        f"outstanding{suffix}": _money_case(
            When(due & paid_up, then=Value(ZERO, output_field=MONEY_FIELD)),
            When(due, then=F(amount) - F(paid)),
        ),
        f"overpaid{suffix}": _money_case(
            When(Q(**{f"{paid}__gt": F(amount)}), then=F(paid) - F(amount)),
            When(Q(**{f"{amount}__isnull": True}) | Q(**{f"{paid}__isnull": True}), then=Value(None)),
            default=ZERO,
        ),
        f"unconfirmed{suffix}": _money_case(When(status=Status.ANNOUNCED, then=F(amount))),
    }


def annotate_paid(queryset):
    """`paid` (what the payments count for in the pledge's currency, `amount_in_pledge_currency` summed; 0
    when none) and the stage figures of `_stage_figures` in the pledge's currency (`outstanding`,
    `overpaid`, `unconfirmed`). One correlated subquery, no per-row query."""
    paid = (
        Disbursement.objects.filter(pledge=OuterRef("pk"))
        .order_by()
        .values("pledge")
        .annotate(total=Sum("amount_in_pledge_currency"))
        .values("total")
    )
    return queryset.annotate(
        paid=Cents(Coalesce(Subquery(paid, output_field=MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD))
    ).annotate(**_stage_figures("amount", "paid"))


def annotate_figures(queryset):
    """Every per-pledge figure a list, a page or a total needs, in the list's own query, in the pledge's
    currency and in EUR at the pledge's one rate (`fx_rate` of `fx_rate_date`): `amount`/`amount_eur`,
    `paid`/`paid_eur`, `outstanding`/`outstanding_eur`, `overpaid`/`overpaid_eur`,
    `unconfirmed`/`unconfirmed_eur` (see `_stage_figures`), and `fx_rate_places`. Summing any of them over
    pledges gives the total of that figure: no per-pledge figure is ever negative."""
    queryset = annotate_paid(annotate_eur(queryset))
    queryset = queryset.annotate(
        paid_eur=eur_expression("paid", "fx_rate"),
        fx_rate_places=Subquery(  # the rate's decimals as published, to show it as the ECB wrote it
            FxRate.objects.filter(currency=OuterRef("currency"), date=OuterRef("fx_rate_date")).values(
                "places"
            )[:1]
        ),
    )
    return queryset.annotate(**_stage_figures("amount_eur", "paid_eur", suffix="_eur"))


def pledges_for(user, coalition=None):
    """Pledges the user may see (in `coalition` when given), with donor, meeting and every figure."""
    queryset = Pledge.objects.visible_to(user).select_related("donor", "announced_at", "coalition")
    if coalition is not None:
        queryset = queryset.filter(coalition=coalition)
    return annotate_figures(queryset)


def pledge_detail(user, coalition, pk):
    """One pledge with its payments, lifecycle, reviews and change history (a fixed number of queries)."""
    return (
        pledges_for(user, coalition)
        .prefetch_related(
            Prefetch(
                "disbursements",
                queryset=annotate_payment_eur(
                    Disbursement.objects.select_related("overpayment_approved_by", "pledge")
                ),
            ),
            Prefetch("transitions", queryset=PledgeTransition.objects.select_related("recorded_by")),
            Prefetch(
                "reviews",
                queryset=PledgeReview.objects.select_related("by", "recorded_by").order_by("-at", "-pk"),
            ),
        )
        .select_related("reviewed_by")
        .get(pk=pk)
    )


# Totals ----------


def stage_aggregates(prefix=""):
    """Aggregates of annotated pledges (see annotate_figures) by stage, in EUR, with the counts that keep
    undisclosed amounts and missing rates visible."""
    disclosed = Q(amount__isnull=False)
    converted = Q(fx_rate__isnull=False)
    aggregates = {
        "pledges": Count("pk"),
        "pledged_eur": Sum("amount_eur", filter=OPEN_OR_FULFILLED),
        "confirmed_eur": Sum("amount_eur", filter=CONFIRMED_OR_FURTHER),
        "committed_eur": Sum("amount_eur", filter=COMMITTED_OR_FURTHER),
        "unconfirmed_eur": Sum("unconfirmed_eur"),
        "paid_eur": Sum("paid_eur", filter=OPEN_OR_FULFILLED),
        "outstanding_eur": Sum("outstanding_eur"),
        "overpaid_eur": Sum("overpaid_eur"),
        "undisclosed": Count("pk", filter=OPEN_OR_FULFILLED & ~disclosed),
        "unconverted": Count("pk", filter=OPEN_OR_FULFILLED & disclosed & ~converted),
        "withdrawn": Count("pk", filter=Q(status=Status.WITHDRAWN)),
    }
    for status in Status.values:
        aggregates[f"status_{status}_count"] = Count("pk", filter=Q(status=status))
        aggregates[f"status_{status}_eur"] = Sum("amount_eur", filter=Q(status=status))
        aggregates[f"status_{status}_undisclosed"] = Count("pk", filter=Q(status=status) & ~disclosed)
        aggregates[f"status_{status}_unconverted"] = Count(
            "pk", filter=Q(status=status) & disclosed & ~converted
        )
    return aggregates


MONEY_KEYS = (
    "pledged_eur",
    "unconfirmed_eur",
    "confirmed_eur",
    "committed_eur",
    "paid_eur",
    "outstanding_eur",
    "overpaid_eur",
    *(f"status_{s}_eur" for s in Status.values),
)


def _zero_money(row: dict) -> dict:
    """A sum over no disclosed, converted pledge is 0.00 (the counts say how many were left out)."""
    for key in MONEY_KEYS:
        value = row.get(key)
        row[key] = ZERO if value is None else Decimal(value).quantize(CENT)
    return row


@dataclass
class StageTotal:
    status: str
    label: str
    count: int
    eur: Decimal
    undisclosed: int
    unconverted: int


@dataclass
class Totals:
    """Totals in EUR of a set of annotated pledges, stages kept apart."""

    pledges: int
    pledged_eur: Decimal
    confirmed_eur: Decimal
    committed_eur: Decimal
    paid_eur: Decimal
    outstanding_eur: Decimal
    undisclosed: int
    unconverted: int
    withdrawn: int
    by_status: list[StageTotal] = field(default_factory=list)
    unconverted_currencies: list[str] = field(default_factory=list)
    unconfirmed_eur: Decimal = ZERO  # announced, not yet confirmed: not owed, so not outstanding
    overpaid_eur: Decimal = ZERO  # paid beyond the pledges' amounts: apart, never netted off outstanding

    def _left_out(self, kind: str, statuses) -> int:
        return sum(getattr(stage, kind) for stage in self.by_status if stage.status in statuses)

    # How many pledges each partial total leaves out (undisclosed or without a rate): a total over them
    # reads "at least ... + n undisclosed", never a bare sum.
    @property
    def unconfirmed_undisclosed(self) -> int:
        return self._left_out("undisclosed", [Status.ANNOUNCED])

    @property
    def unconfirmed_unconverted(self) -> int:
        return self._left_out("unconverted", [Status.ANNOUNCED])

    @property
    def confirmed_undisclosed(self) -> int:
        return self._left_out("undisclosed", DUE)

    @property
    def confirmed_unconverted(self) -> int:
        return self._left_out("unconverted", DUE)

    @property
    def committed_undisclosed(self) -> int:
        return self._left_out("undisclosed", [Status.COMMITTED, Status.FULFILLED])

    @property
    def committed_unconverted(self) -> int:
        return self._left_out("unconverted", [Status.COMMITTED, Status.FULFILLED])

    @classmethod
    def from_row(cls, row: dict, currencies=()):
        row = _zero_money(dict(row))
        return cls(
            pledges=row["pledges"],
            pledged_eur=row["pledged_eur"],
            confirmed_eur=row["confirmed_eur"],
            committed_eur=row["committed_eur"],
            paid_eur=row["paid_eur"],
            outstanding_eur=row["outstanding_eur"],
            unconfirmed_eur=row["unconfirmed_eur"],
            overpaid_eur=row["overpaid_eur"],
            undisclosed=row["undisclosed"],
            unconverted=row["unconverted"],
            withdrawn=row["withdrawn"],
            by_status=[
                StageTotal(
                    status=value,
                    label=str(label),
                    count=row[f"status_{value}_count"],
                    eur=row[f"status_{value}_eur"],
                    undisclosed=row[f"status_{value}_undisclosed"],
                    unconverted=row[f"status_{value}_unconverted"],
                )
                for value, label in Status.choices
            ],
            unconverted_currencies=sorted(currencies),
        )


def totals(queryset) -> Totals:
    """Totals of an annotated pledge queryset (e.g. a filtered list): one aggregate query, plus one for the
    currencies that have no rate when some pledge could not be converted. On PostgreSQL each pledge's
    figures are computed once for all the totals (contributions.figure_sql)."""
    row = (
        figure_sql.totals_row(queryset)
        if figure_sql.usable()
        else aggregate_row(queryset, stage_aggregates())
    )
    currencies = ()
    if row["unconverted"] or any(row[f"status_{s}_unconverted"] for s in Status.values):
        currencies = set(
            queryset.order_by()
            .filter(amount__isnull=False, fx_rate__isnull=True)
            .values_list("currency", flat=True)
            .distinct()
        )
    return Totals.from_row(row, currencies)


def _facts(queryset, facts_only: bool):
    return queryset.filter(is_illustrative=False) if facts_only else queryset


def state_summary(user, coalition, *, facts_only=False) -> list[dict]:
    """Per donor: pledged / confirmed / committed / paid / outstanding in EUR, with counts of undisclosed
    and unconverted pledges (illustrative pledges left out with `facts_only`). One grouped query."""
    if figure_sql.usable():
        rows = figure_sql.totals_by_donor(_facts(pledges_for(user, coalition), facts_only))
        return [_with_left_out(_zero_money(row)) for row in rows]
    rows = (
        _facts(pledges_for(user, coalition), facts_only)
        .order_by()
        .values("donor_id", "donor__name", "donor__code")
        .annotate(**stage_aggregates())
        .order_by("donor__name")
    )
    return [_with_left_out(_zero_money(dict(row))) for row in rows]


_PARTIAL_TOTALS = {
    "unconfirmed": [Status.ANNOUNCED],
    "confirmed": DUE,
    "committed": [Status.COMMITTED, Status.FULFILLED],
}


def _with_left_out(row: dict) -> dict:
    """Per partial total, how many pledges it leaves out (the names of Totals' properties)."""
    for name, statuses in _PARTIAL_TOTALS.items():
        for kind in ("undisclosed", "unconverted"):
            row[f"{name}_{kind}"] = sum(row[f"status_{s}_{kind}"] for s in statuses)
    return row


def coalition_summary(user, coalition, *, facts_only=False) -> Totals:
    return totals(_facts(pledges_for(user, coalition), facts_only))


def review_status_by_state(user, coalition) -> list[dict]:
    """Per donor: how many pledges the delegate confirmed, disputed, or has still to review (withdrawn
    pledges left out), with the disputed pledges and their comments. Two queries."""
    rows = list(
        Pledge.objects.visible_to(user)
        .filter(coalition=coalition)
        .exclude(status=Status.WITHDRAWN)
        .order_by()
        .values("donor_id", "donor__name", "donor__code")
        .annotate(
            confirmed=Count("pk", filter=Q(review_status=Pledge.Review.CONFIRMED)),
            disputed=Count("pk", filter=Q(review_status=Pledge.Review.DISPUTED)),
            needs_review=Count("pk", filter=Q(review_status=Pledge.Review.NEEDS_REVIEW)),
            total=Count("pk"),
        )
        .order_by("donor__name")
    )
    disputed = (
        Pledge.objects.visible_to(user)
        .filter(coalition=coalition, review_status=Pledge.Review.DISPUTED)
        .exclude(status=Status.WITHDRAWN)
        .select_related("reviewed_by")
        .order_by("announced_on", "pk")
    )
    by_donor: dict[int, list] = {}
    for pledge in disputed:
        by_donor.setdefault(pledge.donor_id, []).append(pledge)
    for row in rows:
        row["disputes"] = by_donor.get(row["donor_id"], [])
    return rows


# Payments, rates, reported totals ----------


def annotate_payment_eur(queryset):
    """A payment's EUR figure: what it counts for in its pledge's currency, at the pledge's rate (the rate of
    the announcement date, see module doc), so a pledge's payments and outstanding balance are in EUR at one
    rate. Annotates `eur_rate`, `eur_rate_date` and `amount_eur` (NULL without a rate)."""
    return annotate_eur(
        queryset,
        amount="amount_in_pledge_currency",
        currency="pledge__currency",
        on="pledge__announced_on",
        prefix="eur_",
    )


def disbursements_for(user, coalition=None):
    """Payments the user may see, each with its EUR figure at its pledge's rate (see module doc)."""
    queryset = Disbursement.objects.visible_to(user).select_related(
        "pledge", "pledge__donor", "pledge__coalition", "overpayment_approved_by"
    )
    if coalition is not None:
        queryset = queryset.filter(pledge__coalition=coalition)
    return annotate_payment_eur(queryset)


def fx_rates_for(user):
    return FxRate.objects.visible_to(user)


def reported_totals_for(user, coalition=None):
    """The reported totals the user may see (of `coalition` if given), annotated for reconciliation."""
    queryset = ReportedTotal.objects.visible_to(user).select_related("meeting", "meeting__coalition")
    if coalition is not None:
        queryset = queryset.filter(meeting__coalition=coalition)
    return annotate_reported_totals(queryset)


def annotate_reported_totals(queryset):
    """Reported totals with their EUR figure (rate of the meeting's day) and the itemised pledges announced
    at the same meeting: `itemised_eur` (disclosed and converted), `itemised_count`, `itemised_undisclosed`,
    `itemised_unconverted`. One query."""
    itemised = annotate_eur(Pledge.objects.filter(announced_at=OuterRef("meeting")).order_by())
    grouped = itemised.values("announced_at")

    def one(expression, output_field):
        return Subquery(grouped.annotate(v=expression).values("v"), output_field=output_field)

    count_field = IntegerField()
    queryset = queryset.annotate(meeting_on=TruncDate("meeting__starts_at"))
    return annotate_eur(queryset, on="meeting_on").annotate(
        itemised_eur=Cents(
            Coalesce(one(Sum("amount_eur"), MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD)
        ),
        itemised_count=Coalesce(one(Count("pk"), count_field), Value(0)),
        itemised_undisclosed=Coalesce(one(Count("pk", filter=Q(amount__isnull=True)), count_field), Value(0)),
        itemised_unconverted=Coalesce(
            one(Count("pk", filter=Q(amount__isnull=False, fx_rate__isnull=True)), count_field), Value(0)
        ),
    )


@dataclass(frozen=True)
class Reconciliation:
    """A reported total against the itemised pledges of its meeting."""

    reported_eur: Decimal | None
    itemised_eur: Decimal
    difference_eur: Decimal | None  # itemised - reported
    undisclosed: int
    unconverted: int
    verdict: str  # "consistent", "short", "over", "unknown"

    @property
    def is_complete(self) -> bool:
        return not self.undisclosed and not self.unconverted


def reconcile(total: ReportedTotal) -> Reconciliation:
    """Compare an annotated ReportedTotal (see reported_totals_for) with its meeting's itemised pledges.

    The verdict follows the qualifier: "more than X" is consistent when the itemised sum exceeds X, "at
    least" when it reaches X, "up to" when it stays at or under X, "exactly" when equal, "about" within 10%.
    With undisclosed or unconverted pledges the itemised sum is a lower bound: a sum already above X proves
    "more than"/"at least"; otherwise the verdict is "unknown".
    """
    reported = getattr(total, "amount_eur", None)
    if not hasattr(total, "amount_eur"):
        reported = to_eur(total.amount, total.currency, total.meeting.starts_at.date()).eur
    itemised = total.itemised_eur or ZERO
    undisclosed, unconverted = total.itemised_undisclosed, total.itemised_unconverted
    if reported is None:
        return Reconciliation(None, itemised, None, undisclosed, unconverted, "unknown")
    difference = itemised - reported
    complete = not undisclosed and not unconverted
    q = ReportedTotal.Qualifier
    if total.qualifier == q.MORE_THAN:
        ok = itemised > reported
    elif total.qualifier == q.AT_LEAST:
        ok = itemised >= reported
    elif total.qualifier == q.UP_TO:
        ok = itemised <= reported
    elif total.qualifier == q.ABOUT:
        ok = abs(difference) <= reported / 10
    else:
        ok = difference == 0
    if ok and (complete or total.qualifier in (q.MORE_THAN, q.AT_LEAST)):
        verdict = "consistent"
    elif not complete:
        verdict = "unknown"
    else:
        short = difference < 0 or (difference == 0 and total.qualifier == q.MORE_THAN)
        verdict = "short" if short else "over"
    return Reconciliation(reported, itemised, difference, undisclosed, unconverted, verdict)


# History ----------

HISTORY_HIDDEN = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
    "history_user_id",
    "id",
    "created_at",
    "updated_at",
    "reviewed_figures",
    "coalition",
    "pledge",
}


def _field_changes(model, older, newer, names_by_fk):
    changes = []
    for f in model._meta.concrete_fields:
        name = f.attname
        if f.name in HISTORY_HIDDEN or name in HISTORY_HIDDEN:
            continue
        old = getattr(older, name) if older is not None else None
        new = getattr(newer, name)
        if older is not None and old == new:
            continue
        if older is None and new in (None, "", False):
            continue
        changes.append((str(f.verbose_name), _show(f, old, names_by_fk), _show(f, new, names_by_fk)))
    return changes


def _show(f, value, names_by_fk):
    if value is None or value == "":
        return "—"
    if f.is_relation:
        return names_by_fk.get((f.name, value), f"#{value}")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, Decimal):
        if getattr(f, "decimal_places", 2) > 2:  # a rate: as stored, without padding zeros
            text = f"{value:f}"
            return text.rstrip("0").rstrip(".") if "." in text else text
        return f"{value:,.2f}"
    return str(value)


def pledge_history(pledge) -> list[dict]:
    """Every change to the pledge (or the id of a deleted one) and its payments, newest first: who, when,
    and each field old → new.

    Three queries whatever the length of the history (pledge versions, payment versions, names)."""
    from coalition.models import Participant
    from meetings.models import Meeting

    pledge_id = getattr(pledge, "pk", pledge)
    pledge_versions = list(
        Pledge.history.filter(id=pledge_id)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    payment_versions = list(
        Disbursement.history.filter(pledge_id=pledge_id)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    donor_ids = {v.donor_id for v in pledge_versions}
    meeting_ids = {v.announced_at_id for v in pledge_versions if v.announced_at_id}
    names = {("donor", p.pk): p.name for p in Participant.objects.filter(pk__in=donor_ids)}
    names.update({("announced_at", m.pk): str(m) for m in Meeting.objects.filter(pk__in=meeting_ids)})
    for v in pledge_versions:
        if v.history_user_id:
            names[("reviewed_by", v.history_user_id)] = v.history_user.get_username()
    entries = []
    previous = None
    for version in pledge_versions:
        entries.append(_entry(Pledge, version, previous, names, subject=None))
        previous = version
    previous_by_id = {}
    for version in payment_versions:
        entries.append(_entry(Disbursement, version, previous_by_id.get(version.id), names, subject=version))
        previous_by_id[version.id] = version
    entries.sort(key=lambda e: (e["at"], e["order"]), reverse=True)
    return entries


def _entry(model, version, previous, names, subject):
    kind = {"+": "created", "~": "changed", "-": "deleted"}[version.history_type]
    labels = {"created": _("created"), "changed": _("changed"), "deleted": _("deleted")}
    return {
        "kind_label": labels[kind],
        "at": version.history_date,
        "order": version.history_id,
        "who": version.history_user.get_username() if version.history_user_id else None,
        "kind": kind,
        "model": model._meta.verbose_name,
        "subject": f"{subject.amount:,.2f} {subject.currency} ({subject.paid_on})" if subject else "",
        "changes": [] if kind == "deleted" else _field_changes(model, previous, version, names),
    }


# For the delegate's start page ----------


def reviews_awaiting(user, coalition=None):
    """The pledges waiting for `user`'s review, as a delegate (in `coalition` when given): those "needs
    review", not withdrawn, of the participant the user represents, newest change first. Each carries
    `changed_at` and `what_changed` (the last reset: what the secretariat changed since the delegation's
    review; both None when it was never reviewed), and `notified_at` (when the e-mail went out). One query.
    The delegate's start page and the review page use it."""
    from coalition.models import UserRole

    roles = UserRole.objects.filter(user=user, kind=UserRole.Kind.DELEGATE, participant__isnull=False)
    if coalition is not None:
        roles = roles.filter(coalition=coalition)
    mine = Q()
    for coalition_id, participant_id in roles.values_list("coalition_id", "participant_id"):
        mine |= Q(coalition_id=coalition_id, donor_id=participant_id)
    if not mine:
        return Pledge.objects.none()
    last_reset = PledgeReview.objects.filter(
        pledge=OuterRef("pk"), action=PledgeReview.Action.RESET
    ).order_by("-at", "-pk")
    return (
        Pledge.objects.filter(mine, review_status=Pledge.Review.NEEDS_REVIEW)
        .exclude(status=Status.WITHDRAWN)
        .select_related("donor", "coalition")
        .annotate(
            changed_at=Subquery(last_reset.values("at")[:1]),
            what_changed=Subquery(last_reset.values("comment")[:1]),
            notified_at=Subquery(last_reset.values("notified_at")[:1]),
        )
        .order_by(F("changed_at").desc(nulls_last=True), "-announced_on", "pk")
    )


# Deleted records ----------


def deleted_records(coalition) -> list[dict]:
    """The pledges, payments and reported totals of `coalition` that were deleted, newest first: when, by
    whom, and what the record was at its deletion (its last version). Three queries, plus one for names."""
    from coalition.models import Participant
    from meetings.models import Meeting

    pledges = list(
        Pledge.history.filter(coalition_id=coalition.pk, history_type="-").select_related("history_user")
    )
    payments = list(
        Disbursement.history.filter(coalition_id=coalition.pk, history_type="-").select_related(
            "history_user"
        )
    )
    meetings = {m.pk: m for m in Meeting.objects.filter(coalition=coalition)}
    totals = list(
        ReportedTotal.history.filter(meeting_id__in=list(meetings), history_type="-").select_related(
            "history_user"
        )
    )
    donors = {p.pk: p.name for p in Participant.objects.filter(pk__in={v.donor_id for v in pledges})}
    entries = []
    for v in pledges:
        figure = (
            f"{v.amount:,.2f} {v.currency}" if v.amount is not None else f"{_('undisclosed')} ({v.currency})"
        )
        donor = donors.get(v.donor_id) or f"#{v.donor_id}"
        entries.append(_deleted(v, _("pledge"), f"{donor} — {figure}, {Status(v.status).label}", True))
    for v in payments:
        text = f"{v.amount:,.2f} {v.currency} ({v.paid_on}) — {_('pledge')} #{v.pledge_id}"
        entries.append(_deleted(v, _("payment"), text, False))
    for v in totals:
        text = f"{v.stated_text or f'{v.amount:,.2f} {v.currency}'} — {meetings[v.meeting_id]}"
        entries.append(_deleted(v, _("reported total"), text, False))
    entries.sort(key=lambda e: e["at"], reverse=True)
    return entries


def _deleted(version, kind, text, has_history):
    return {
        "kind": kind,
        "id": version.id,
        "at": version.history_date,
        "who": version.history_user.get_username() if version.history_user_id else None,
        "what": text,
        "pledge_history": has_history,
    }
