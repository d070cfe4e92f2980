"""Import of pledges (CSV or XLSX): a row whose `external_reference` names a pledge of the coalition
updates it, any other row records a new pledge (with that reference). Every row goes through the services
(`pledge_create`, `pledge_update`, `pledge_transition`), so every rule and permission applies; every error
of every row is reported at once, and the dry run shows what would be created, changed (field by field,
old → new) or left unchanged. See `transfer.common` for the transaction, dry run and write-once rules.

A column that is absent leaves the field alone; a column that is present sets it (an empty `amount` is an
undisclosed amount). `status` of an existing pledge moves it along its lifecycle (each step a logged
transition dated `status_on`, default today); a new pledge starts announced, confirmed or committed.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import Membership, Participant
from coalition.permissions import ADD, can, require
from contributions import services
from contributions.currencies import ISO_4217
from contributions.figures_store import refresh_pledge_figures
from contributions.models import ImportRecord, Pledge, PledgeTransition
from contributions.services.common import _clean_reference, _display
from contributions.services.pledges import STATUS_DATE_FIELD
from contributions.transfer.common import (
    choice,
    create_in_bulk,
    errors_of,
    in_savepoint,
    parse_amount,
    parse_bool,
    parse_date,
    run_import,
)
from meetings.models import Meeting

REQUIRED_COLUMNS = ("donor", "currency", "announced_on")
OPTIONAL_COLUMNS = (
    "amount",
    "kind",
    "status",
    "status_on",
    "purpose",
    "conditions",
    "meeting",
    "source",
    "is_illustrative",
    "note",
    "external_reference",
)
# Service field -> file column, for errors.
COLUMN_OF = {"announced_at": "meeting", "to_status": "status", "on": "status_on"}
TEXT_FIELDS = ("purpose", "conditions", "source", "note")
Status = Pledge.Status
NEW_STATUSES = (Status.ANNOUNCED, Status.CONFIRMED, Status.COMMITTED)
FULL_CLEAN_EXCLUDE = ("coalition", "donor", "announced_at", "kind", "status")


def _prepare(coalition):
    def prepare(headers):
        return {
            "coalition": coalition,
            "headers": set(headers),
            "donors": {p.code: p for p in Participant.objects.all()},
            "members": set(
                Membership.objects.filter(coalition=coalition).values_list("participant_id", flat=True)
            ),
            "meetings": {str(m.number): m for m in Meeting.objects.filter(coalition=coalition)},
            "by_reference": {
                p.external_reference: p
                for p in Pledge.objects.filter(coalition=coalition).exclude(external_reference="")
            },
            "seen": {},
            "may_add": {},  # donor pk -> may the actor record its pledges
            "new": [],  # (row, unsaved pledge, status date): written in bulk by `_finish`
        }

    return prepare


def _fields(cells, context) -> dict:
    """The pledge fields the row sets (only its columns), every cell checked, every error collected."""
    data, today = {}, timezone.localdate()
    code = cells.get("donor").upper()
    if not code:
        cells.errors.append(("donor", _("A donor code is required.")))
    elif code not in context["donors"]:
        cells.errors.append(("donor", _("Unknown state or organisation “%(c)s”.") % {"c": code}))
    elif context["donors"][code].pk not in context["members"]:
        cells.errors.append(
            ("donor", _("%(c)s has never been a participant of this coalition.") % {"c": code})
        )
    else:
        data["donor"] = context["donors"][code]
    currency = cells.get("currency").upper()
    if currency not in ISO_4217:
        cells.errors.append(
            ("currency", _("%(c)s is not an ISO 4217 currency code.") % {"c": currency or "—"})
        )
    data["currency"] = currency
    announced_on = cells.get("announced_on", parse_date)
    if announced_on is None and not cells.failed("announced_on"):
        cells.errors.append(("announced_on", _("A date is required.")))
    elif announced_on and announced_on > today:
        cells.errors.append(("announced_on", _("This date is in the future; record what has happened.")))
    data["announced_on"] = announced_on
    if cells.has("amount"):
        data["amount"] = cells.get("amount", parse_amount)
    if cells.has("kind") and (kind := cells.get("kind", choice(Pledge.Kind.choices))):
        data["kind"] = kind
    if cells.has("meeting"):
        number = cells.get("meeting")
        if number and number not in context["meetings"]:
            cells.errors.append(("meeting", _("No meeting number %(n)s in this coalition.") % {"n": number}))
        data["announced_at"] = context["meetings"].get(number) if number else None
    for column in TEXT_FIELDS:
        if cells.has(column):
            data[column] = cells.get(column)
    if cells.has("is_illustrative"):
        data["is_illustrative"] = bool(cells.get("is_illustrative", parse_bool))
    return data


def _status(cells, existing, announced_on):
    """The target status and its date, checked against the pledge's lifecycle."""
    status = cells.get("status", choice(Status.choices)) if cells.has("status") else None
    status_on = cells.get("status_on", parse_date) if cells.has("status_on") else None
    today = timezone.localdate()
    if status_on and status_on > today:
        cells.errors.append(("status_on", _("This date is in the future; record what has happened.")))
    if status_on and announced_on and status_on < announced_on:
        cells.errors.append(("status_on", _("A pledge cannot move on before it was announced.")))
    if existing is None:
        if status and status not in NEW_STATUSES:
            cells.errors.append(
                (
                    "status",
                    _(
                        "A new pledge is announced, confirmed or committed; %(s)s is reached later by a "
                        "transition."
                    )
                    % {"s": Status(status).label},
                )
            )
        return status, status_on, []
    if not status or status == existing.status:
        return None, status_on, []
    steps = _steps(existing.status, status)
    if steps is None:
        cells.errors.append(
            (
                "status",
                _("This pledge is %(from)s: it cannot go to %(to)s.")
                % {"from": Status(existing.status).label.lower(), "to": Status(status).label.lower()},
            )
        )
    return status, status_on, steps or []


def _steps(current, target):
    if current in (Status.FULFILLED, Status.WITHDRAWN):
        return None
    if target == Status.WITHDRAWN:
        return [Status.WITHDRAWN]
    path = services.PATH
    if target in path and path.index(target) > path.index(current):
        return path[path.index(current) + 1 : path.index(target) + 1]
    return None


def _handle(actor):
    def handle(row, cells, context):
        reference = cells.get("external_reference") if cells.has("external_reference") else ""
        if reference:
            first = context["seen"].setdefault(reference, row.line)
            if first != row.line:
                cells.errors.append(
                    ("external_reference", _("The same reference is on line %(n)d.") % {"n": first})
                )
        existing = context["by_reference"].get(reference) if reference else None
        data = _fields(cells, context)
        status, status_on, steps = _status(cells, existing, data.get("announced_on"))
        if row.errors:
            return
        if existing is None:
            _create(row, actor, context, data, status, status_on, reference)
        else:
            _update(row, actor, existing, data, steps, status_on)

    return handle


def _create(row, actor, context, data, status, status_on, reference):
    """The checks of `services.pledge_create`, without a query per row (the donors, memberships and
    meetings are in the context; the rest is checked on the unsaved pledge); the pledge is written with the
    others by `_finish`. The dates, donor, meeting and status were checked by `_fields` and `_status`."""
    donor = data["donor"]
    if donor.pk not in context["may_add"]:
        context["may_add"][donor.pk] = can(actor, ADD, Pledge, coalition=context["coalition"], owner=donor)
    if not context["may_add"][donor.pk]:
        row.errors.extend(errors_of(PermissionDenied(_("You do not have permission to do this.")), COLUMN_OF))
        return
    status = status or Status.ANNOUNCED
    pledge = Pledge(
        coalition=context["coalition"],
        status=status,
        external_reference=_clean_reference(reference),
        **data,
    )
    status_on = status_on or data["announced_on"]
    if status != Status.ANNOUNCED:
        for step in services.PATH[1 : services.PATH.index(status) + 1]:
            setattr(pledge, STATUS_DATE_FIELD[step], status_on)
    try:
        # Unique and check constraints: the references are checked against the coalition's and the file's
        # (`_handle`), the checks in `_fields` / `_status`; the database enforces them all again on insert.
        # The donor and meeting are the context's (checked), the coalition the import's (no query per row);
        # the kind and status were parsed against their choices.
        pledge.full_clean(exclude=FULL_CLEAN_EXCLUDE, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        row.errors.extend(errors_of(exc, COLUMN_OF))
        return
    context["new"].append((row, pledge, status_on))
    row.action, row.record = "created", str(pledge)


def _finish(actor):
    def finish(report, context):
        """Write the new pledges, their history and their first transition in bulk (one transaction)."""
        new = context["new"]
        if not new:
            return
        pledges = create_in_bulk(Pledge, [pledge for _row, pledge, _on in new], actor=actor)
        refresh_pledge_figures([pledge.pk for pledge in pledges])  # bulk_create sends no post_save
        recorded_by = actor if getattr(actor, "pk", None) else None
        note = _("Recorded.")
        transitions = [
            PledgeTransition(
                pledge=pledge,
                from_status="",
                to_status=pledge.status,
                effective_on=status_on,
                note=note,
                recorded_by=recorded_by,
            )
            for pledge, (_r, _p, status_on) in zip(pledges, new, strict=True)
        ]
        create_in_bulk(PledgeTransition, transitions, actor=actor)

    return finish


def _update(row, actor, existing, data, steps, status_on):
    pledge = Pledge.objects.get(pk=existing.pk)
    changed = {name: value for name, value in data.items() if getattr(pledge, name) != value}
    row.changes = [
        (str(Pledge._meta.get_field(name).verbose_name), _display(pledge, name, getattr(pledge, name)),
         _display(pledge, name, value))
        for name, value in changed.items()
    ]  # fmt: skip
    if steps:
        row.changes.append(
            (_("status"), Status(pledge.status).label, " → ".join(str(Status(s).label) for s in steps))
        )

    def work():
        updated = pledge
        if changed:
            updated = services.pledge_update(actor=actor, pledge=pledge, **changed)
        for step in steps:
            updated = services.pledge_transition(actor=actor, pledge=updated, to_status=step, on=status_on)
        row.record = str(updated)

    in_savepoint(row, COLUMN_OF, work)
    row.action = "changed" if row.changes else "unchanged"


def import_pledges(
    *, actor, coalition, content: bytes, fmt: str, dry_run: bool = True, token: str = "", file_name: str = ""
):
    """Check (and unless `dry_run`, write) every row of a CSV or XLSX file of pledges. See the module doc."""
    require(actor, ADD, Pledge, coalition=coalition)
    return run_import(
        actor=actor,
        coalition=coalition,
        kind=ImportRecord.Kind.PLEDGES,
        content=content,
        fmt=fmt,
        dry_run=dry_run,
        required=REQUIRED_COLUMNS,
        optional=OPTIONAL_COLUMNS,
        handle_row=_handle(actor),
        prepare=_prepare(coalition),
        finish=_finish(actor),
        token=token,
        file_name=file_name,
    )
