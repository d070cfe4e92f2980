"""Import of pledges (CSV or XLSX): a row whose `external_reference` names a pledge of the coalition
updates it, any other row records a new pledge (with that reference). Every rule and permission of the
services (`pledge_create`, `pledge_update`, `pledge_transition`) applies, their rule functions called on
every row without a query per row (`check_update`, `check_transition`, `review_reset`), and the rows are
written in bulk once all are valid (`transfer.bulk`); every error of every row is reported at once, and
the dry run shows what would be created, changed (field by field, old → new) or left unchanged. See
`transfer.common` for the transaction, dry run and write-once rules.

A column that is absent leaves the field alone; a column that is present sets it (an empty `amount` is an
undisclosed amount). `status` of an existing pledge moves it along its lifecycle (each step a logged
transition dated `status_on`, default today); a new pledge starts announced, confirmed or committed.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import Membership, Participant
from coalition.permissions import ADD
from contributions import services
from contributions.currencies import ISO_4217
from contributions.figures_store import refresh_pledge_figures
from contributions.models import ImportRecord, Pledge, PledgeReview, PledgeTransition
from contributions.notifications import queue_review_reset
from contributions.services.common import _clean_reference
from contributions.services.pledges import (
    STATUS_DATE_FIELD,
)
from contributions.transfer.bulk import insert_rows, update_in_bulk
from contributions.transfer.cells import choice, errors_of, parse_amount, parse_bool, parse_date
from contributions.transfer.common import importer
from contributions.transfer.pledge_updates import (
    COLUMN_OF,
    UPDATE_FIELDS,
    may,
    record_text,
    settle_updates,
    transition_row,
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
TEXT_FIELDS = ("purpose", "conditions", "source", "note")
Status = Pledge.Status
NEW_STATUSES = (Status.ANNOUNCED, Status.CONFIRMED, Status.COMMITTED)
KIND, STATUS = choice(Pledge.Kind.choices), choice(Status.choices)
# What `full_clean` would check that the parsing does not: the field validators (lengths, digits, currency).
VALIDATED = {
    field.name: field for field in Pledge._meta.concrete_fields if field.validators and not field.is_relation
}


def _prepare(coalition):
    def prepare(headers):
        return {
            "coalition": coalition,
            "today": timezone.localdate(),
            "undisclosed": _("undisclosed"),
            "labels": {key: str(label) for key, label in Status.choices},  # translated once
            "verbose": {field.name: str(field.verbose_name) for field in Pledge._meta.concrete_fields},
            "headers": set(headers),
            "donors": {p.code: p for p in Participant.objects.all()},
            "members": set(
                Membership.objects.filter(coalition=coalition).values_list("participant_id", flat=True)
            ),
            "meetings": {str(m.number): m for m in Meeting.objects.filter(coalition=coalition)},
            "by_reference": {  # reference -> (pk, status): the pledges are read (locked) by `settle_updates`
                reference: (pk, status)
                for reference, pk, status in Pledge.objects.filter(coalition=coalition)
                .exclude(external_reference="")
                .values_list("external_reference", "pk", "status")
            },
            "seen": {},
            "may": {},  # (action, donor pk) -> may the actor add / change its pledges
            "new": [],  # (row, column values, status date): written in bulk by `_finish`
            "updates": [],  # (row, pledge pk, fields, steps, status date): checked by `settle_updates`
            "changed": [],  # pledges changed by `settle_updates`, written by `_finish`
            "transitions": [],  # their transitions (column values)
            "reviews": [],  # their review resets (unsaved PledgeReview)
        }

    return prepare


def _fields(cells, context) -> dict:
    """The pledge fields the row sets (only its columns), every cell checked, every error collected."""
    data, today = {}, context["today"]
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
    if cells.has("kind") and (kind := cells.get("kind", KIND)):
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


def _status(cells, existing, announced_on, today):
    """The target status and its date, checked against the lifecycle from `existing` (the status of the
    pledge the row updates; None: a new pledge)."""
    status = cells.get("status", STATUS) if cells.has("status") else None
    status_on = cells.get("status_on", parse_date) if cells.has("status_on") else None
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
    if not status or status == existing:
        return None, status_on, []
    steps = _steps(existing, status)
    if steps is None:
        cells.errors.append(
            (
                "status",
                _("This pledge is %(from)s: it cannot go to %(to)s.")
                % {"from": Status(existing).label.lower(), "to": Status(status).label.lower()},
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
        existing, current = (
            context["by_reference"].get(reference, (None, None)) if reference else (None, None)
        )
        data = _fields(cells, context)
        status, status_on, steps = _status(cells, current, data.get("announced_on"), context["today"])
        if not row.errors:
            row.errors.extend(_field_errors(data))
        if row.errors:
            return
        if existing is None:
            _create(row, actor, context, data, status, status_on, reference)
        else:  # checked with the others, the pledges locked, by `settle_updates`
            context["updates"].append((row, existing, data, steps, status_on))

    return handle


def _field_errors(data) -> list[tuple[str, str]]:
    errors = []
    for name, value in data.items():
        if name in VALIDATED and value not in (None, ""):
            try:
                VALIDATED[name].run_validators(value)
            except ValidationError as exc:
                errors.extend((name, message) for message in exc.messages)
    return errors


def _create(row, actor, context, data, status, status_on, reference):
    """The checks of `services.pledge_create`, without a query per row (the donors, memberships and
    meetings are in the context; the field validators run on the row's values: `_field_errors`); the
    pledge is written with the others by `_finish`. The dates, donor, meeting and status were checked by
    `_fields` and `_status`; the references against the coalition's and the file's (`_handle`); the
    database enforces the constraints again on insert."""
    donor = data.pop("donor")
    if not may(actor, context, ADD, donor):
        row.errors.extend(errors_of(PermissionDenied(_("You do not have permission to do this.")), COLUMN_OF))
        return
    meeting = data.pop("announced_at", None)
    values = {
        **data,
        "coalition_id": context["coalition"].pk,
        "donor_id": donor.pk,
        "announced_at_id": meeting.pk if meeting else None,
        "status": status or Status.ANNOUNCED,
        "external_reference": _clean_reference(reference),
    }
    status_on = status_on or data["announced_on"]
    if values["status"] != Status.ANNOUNCED:
        for step in services.PATH[1 : services.PATH.index(values["status"]) + 1]:
            values[STATUS_DATE_FIELD[step]] = status_on
    context["new"].append((row, values, status_on))
    row.action = "created"
    row.record = record_text(context, donor, data.get("amount"), data["currency"], values["status"])


def _finish(actor):
    def finish(report, context):
        """Write the new pledges and the changed ones, their history, transitions and review resets, in
        bulk (one transaction), then `pledges_written`."""
        new = context["new"]
        created = insert_rows(Pledge, [values for _row, values, _on in new], actor=actor)
        note = _("Recorded.")
        transitions = [
            transition_row(actor, pk, "", values["status"], status_on, note)
            for pk, (_row, values, status_on) in zip(created, new, strict=True)
        ]
        changed = context["changed"]
        update_in_bulk(Pledge, changed, UPDATE_FIELDS, actor=actor)
        insert_rows(PledgeTransition, transitions + context["transitions"], actor=actor)
        reviews = [
            {field.attname: getattr(review, field.attname) for field in PledgeReview._meta.concrete_fields}
            for review in context["reviews"]
        ]
        for review_id in insert_rows(PledgeReview, reviews, actor=actor):
            queue_review_reset(review_id)  # the delegates are told, after the commit
        pledges_written(created=created, changed=[pledge.pk for pledge in changed])

    return finish


def pledges_written(*, created: list[int], changed: list[int]) -> None:
    """The one point where the import's new and changed pledges are known (ids), written but not yet
    committed: what follows a pledge's write (its stored figures) goes here, once per import."""
    refresh_pledge_figures([*created, *changed])  # bulk writes send no post_save


import_pledges = importer(
    Pledge,
    ImportRecord.Kind.PLEDGES,
    required=REQUIRED_COLUMNS,
    optional=OPTIONAL_COLUMNS,
    handle=_handle,
    prepare=_prepare,
    settle=settle_updates,
    finish=_finish,
)
import_pledges.__doc__ = "Check (and unless `dry_run`, write) every row of a CSV or XLSX file of pledges."
