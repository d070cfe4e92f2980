"""A pledge's history, the pledges awaiting a delegate's review, and the deleted records."""

from decimal import Decimal

from django.db.models import (
    F,
    OuterRef,
    Q,
    Subquery,
)
from django.utils.translation import gettext as _

from contributions.models import (
    Disbursement,
    Pledge,
    PledgeReview,
    ReportedTotal,
)
from contributions.models.pledges import STORED_FIGURES
from contributions.selectors.pledges import Status

# History ----------

HISTORY_HIDDEN = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
    "history_user_id",
    *STORED_FIGURES,  # derived, not in the history (contributions.figures_store)
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
