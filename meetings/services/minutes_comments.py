"""Comments on circulated minutes, until their deadline, and the delegations' agreement with them."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.errors import Conflict
from coalition.permissions import ADD, CHANGE, DELETE, require, role_in
from coalition.services import _save
from meetings.models import Minutes, MinutesAgreement, MinutesComment
from meetings.models.minutes import paragraphs
from meetings.services._common import _day


def comments_open(minutes: Minutes) -> bool:
    """Circulated minutes take comments until the end of their `comments_due_on` day (local time)."""
    if minutes.status != Minutes.Status.CIRCULATED:
        return False
    return minutes.comments_due_on is None or timezone.localdate() <= minutes.comments_due_on


def _check_open(minutes: Minutes):
    if minutes.status != Minutes.Status.CIRCULATED:
        raise Conflict(_("Only circulated minutes take comments."))
    if not comments_open(minutes):
        raise Conflict(
            _("Comments closed on %(day)s; write to the secretariat.")
            % {"day": _day(minutes.comments_due_on)}
        )


def _delegation_of(actor, minutes, participant):
    """The delegation a comment or agreement is made for: a delegate's own; the secretariat names one."""
    role = role_in(actor, minutes.meeting.coalition_id)
    if role is not None and role.kind == "delegate":
        if participant is not None and participant.pk != role.participant_id:
            raise PermissionDenied(_("You speak only for your own delegation."))
        return role.participant
    return participant


def _latest_revision(minutes):
    revision = minutes.revisions.order_by("-number").first()
    if revision is None:  # pragma: no cover - circulated minutes always have a revision
        raise Conflict(_("These minutes have no text yet."))
    return revision


@transaction.atomic
def minutes_comment_create(
    *, actor, minutes: Minutes, text: str, paragraph: int | None = None, participant=None
) -> MinutesComment:
    """A comment on the latest circulated revision, on the whole text or one paragraph (its text is kept
    with the comment), until the deadline. A delegate comments for their own delegation; the secretariat
    may record a comment received otherwise, naming the delegation."""
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    participant = _delegation_of(actor, minutes, participant)
    require(actor, ADD, MinutesComment, coalition=minutes.meeting.coalition_id, owner=participant)
    _check_open(minutes)
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the comment.")})
    revision = _latest_revision(minutes)
    quote = ""
    if paragraph is not None:
        texts = paragraphs(revision.text)
        if not 1 <= paragraph <= len(texts):
            raise ValidationError(
                {
                    "paragraph": _("Choose a paragraph from 1 to %(n)s, or none for the whole text.")
                    % {"n": len(texts)}
                }
            )
        quote = texts[paragraph - 1]
    comment = MinutesComment(
        minutes=minutes,
        revision=revision,
        paragraph=paragraph,
        quote=quote,
        text=text.strip(),
        participant=participant,
        author=actor,
    )
    return _save(comment, actor=actor)


def _check_own_open(actor, comment: MinutesComment, action) -> MinutesComment:
    require(actor, action, comment)
    comment = MinutesComment.objects.select_for_update().select_related("minutes").get(pk=comment.pk)
    if comment.status != MinutesComment.Status.OPEN:
        raise Conflict(_("This comment has been answered; it is kept as it was."))
    _check_open(comment.minutes)
    return comment


@transaction.atomic
def minutes_comment_update(
    *, actor, comment: MinutesComment, text: str | None = None, **data
) -> MinutesComment:
    """Its author's delegation corrects an open comment until the deadline; where it points is fixed.
    Without `text` (an empty PATCH) the comment stays as it is."""
    comment = _check_own_open(actor, comment, CHANGE)
    for fixed in ("minutes", "paragraph", "participant"):
        if fixed in data and data.pop(fixed) != getattr(comment, fixed):
            raise ValidationError({fixed: _("This is fixed; withdraw the comment and write a new one.")})
    if text is None:
        return comment
    if not text.strip():
        raise ValidationError({"text": _("Write the comment.")})
    comment.text = text.strip()
    return _save(comment, actor=actor)


@transaction.atomic
def minutes_comment_delete(*, actor, comment: MinutesComment) -> None:
    """An open comment is withdrawn until the deadline."""
    comment = _check_own_open(actor, comment, DELETE)
    comment._history_user = actor
    comment.delete()


@transaction.atomic
def minutes_comment_answer(
    *, actor, comment: MinutesComment, answer: str = "", incorporate: bool = False
) -> MinutesComment:
    """The secretariat answers a comment, or takes it into the next revision (incorporated: the next saved
    revision is recorded on it). An answer may be changed until the minutes are approved."""
    comment = MinutesComment.objects.select_for_update().select_related("minutes").get(pk=comment.pk)
    require(actor, CHANGE, comment.minutes)
    if comment.minutes.status == Minutes.Status.APPROVED:
        raise Conflict(_("Approved minutes are read-only; their text and history are kept as approved."))
    if not incorporate and not (answer or "").strip():
        raise ValidationError({"answer": _("Write the answer, or incorporate the comment.")})
    comment.status = MinutesComment.Status.INCORPORATED if incorporate else MinutesComment.Status.ANSWERED
    comment.answer = (answer or "").strip()
    comment.answered_at = timezone.now()
    comment.answered_by = actor
    if not incorporate:
        comment.incorporated_in = None
    return _save(comment, actor=actor)


@transaction.atomic
def minutes_agree(*, actor, minutes: Minutes, participant=None) -> MinutesAgreement:
    """A delegation agrees with the circulated minutes as they stand (the latest revision); agreeing again
    after a new revision records the new one."""
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    participant = _delegation_of(actor, minutes, participant)
    require(actor, ADD, MinutesAgreement, coalition=minutes.meeting.coalition_id, owner=participant)
    if participant is None:
        raise ValidationError({"participant": _("Name the delegation that agrees.")})
    if minutes.status != Minutes.Status.CIRCULATED:
        raise Conflict(_("Only circulated minutes are agreed to."))
    revision = _latest_revision(minutes)
    agreement = MinutesAgreement.objects.filter(minutes=minutes, participant=participant).first()
    if agreement is None:
        agreement = MinutesAgreement(minutes=minutes, participant=participant)
    agreement.revision = revision
    agreement.agreed_at = timezone.now()
    agreement.agreed_by = actor
    return _save(agreement, actor=actor)
