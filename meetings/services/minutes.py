"""Minutes: written as revisions, circulated for comment, approved at a later meeting."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.errors import Conflict
from coalition.permissions import ADD, CHANGE, require
from coalition.services import _save
from meetings.models import Meeting, Minutes, MinutesComment, MinutesRevision
from meetings.services._common import _enqueue, _tasks, _when


def _locked():
    return Conflict(_("Approved minutes are read-only; their text and history are kept as approved."))


@transaction.atomic
def minutes_save(
    *, actor, meeting: Meeting, text: str, comment: str = "", comments_due_on: date | None = None
) -> Minutes:
    """Write the minutes of a meeting (draft or circulated). Each change of text is kept as a new revision;
    approved minutes are read-only."""
    require(
        actor, ADD if not hasattr(meeting, "minutes") else CHANGE, Minutes, coalition=meeting.coalition_id
    )
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError({"text": _("A cancelled meeting has no minutes.")})
    if not (text or "").strip():
        raise ValidationError({"text": _("The minutes are empty.")})
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None:
        minutes = Minutes(meeting=meeting, text=text, comments_due_on=comments_due_on)
        _save(minutes, actor=actor)
    else:
        if minutes.is_locked:
            raise _locked()
        if minutes.text == text and minutes.comments_due_on == comments_due_on:
            return minutes
        text_changed = minutes.text != text
        minutes.text = text
        minutes.comments_due_on = comments_due_on
        _save(minutes, actor=actor)
        if not text_changed:
            return minutes
    last = minutes.revisions.aggregate(n=Max("number"))["n"] or 0
    revision = _save(
        MinutesRevision(
            minutes=minutes,
            number=last + 1,
            text=text,
            status=minutes.status,
            comment=comment,
            created_by=actor,
        ),
        actor=actor,
    )
    # Comments the secretariat chose to incorporate are in this revision.
    MinutesComment.objects.filter(
        minutes=minutes, status=MinutesComment.Status.INCORPORATED, incorporated_in__isnull=True
    ).update(incorporated_in=revision)
    minutes.__dict__.pop("latest_revision_number", None)
    return minutes


@transaction.atomic
def minutes_circulate(*, actor, minutes: Minutes, comments_due_on: date | None = None) -> Minutes:
    """Circulate the minutes of a held meeting for comment (draft → circulated; circulating again sends
    the latest revision). Invitees and attendees are told by e-mail."""
    require(actor, CHANGE, minutes)
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    if minutes.is_locked:
        raise _locked()
    if minutes.meeting.status != Meeting.Status.HELD:
        raise Conflict(_("Mark the meeting as held before circulating its minutes."))
    if comments_due_on is not None and comments_due_on < timezone.localdate():
        raise ValidationError({"comments_due_on": _("The date for comments is in the past.")})
    minutes.status = Minutes.Status.CIRCULATED
    minutes.circulated_at = timezone.now()
    if comments_due_on is not None:
        minutes.comments_due_on = comments_due_on
    _save(minutes, actor=actor)
    revision = minutes.revisions.aggregate(n=Max("number"))["n"] or 0
    _enqueue(_tasks().send_minutes_circulated, minutes.pk, revision)
    return minutes


@transaction.atomic
def minutes_approve(*, actor, minutes: Minutes, at_meeting: Meeting) -> Minutes:
    """Circulated minutes, with no comment left open, are approved at a later meeting of the same
    coalition that has taken place; the approval records who commented and who agreed; from then on they
    are read-only."""
    require(actor, CHANGE, minutes)
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    if minutes.is_locked:
        raise _locked()
    if minutes.status != Minutes.Status.CIRCULATED:
        raise Conflict(_("Minutes are circulated for comment before they are approved."))
    meeting = minutes.meeting
    if (
        at_meeting.coalition_id != meeting.coalition_id
        or at_meeting.starts_at <= meeting.starts_at
        or at_meeting.status == Meeting.Status.CANCELLED
    ):
        raise ValidationError(
            {"approved_at_meeting": _("Minutes are approved at a later meeting of the same coalition.")}
        )
    if not at_meeting.has_started:
        raise ValidationError(
            {
                "approved_at_meeting": _("%(meeting)s has not taken place yet (%(start)s).")
                % {"meeting": at_meeting.title, "start": _when(at_meeting.starts_at)}
            }
        )
    still_open = minutes.comments.filter(status=MinutesComment.Status.OPEN).count()
    if still_open:
        raise Conflict(
            _("%(n)s comments are still open: answer them or incorporate them before approval.")
            % {"n": still_open}
        )
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_at = timezone.now()
    minutes.approved_at_meeting = at_meeting
    minutes.approved_revision = minutes.revisions.order_by("-number").first()
    minutes.approval_record = _approval_record(minutes)
    return _save(minutes, actor=actor)


def _approval_record(minutes: Minutes) -> dict:
    """What approval records: the revision approved, who agreed (with the revision they read), who
    commented, and what became of the comments."""
    comments = list(minutes.comments.select_related("participant", "author"))
    agreements = minutes.agreements.select_related("participant", "revision").order_by("participant__name")

    def who(comment):
        if comment.participant_id:
            return comment.participant.name
        if comment.author_id:
            return comment.author.get_full_name() or comment.author.get_username()
        return _("the secretariat")

    return {
        "revision": minutes.approved_revision.number if minutes.approved_revision else None,
        "agreed": [
            {"participant": a.participant.code, "name": a.participant.name, "revision": a.revision.number}
            for a in agreements
        ],
        "commented": sorted({who(c) for c in comments}),
        "comments": {
            "total": len(comments),
            "incorporated": sum(c.status == MinutesComment.Status.INCORPORATED for c in comments),
            "answered": sum(c.status == MinutesComment.Status.ANSWERED for c in comments),
        },
    }
