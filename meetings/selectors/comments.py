"""Reads of minutes comments: the numbered paragraphs with their comments, and who responded how."""

from dataclasses import dataclass

from coalition.models import Participant
from meetings.models import Invitation, MinutesAgreement, MinutesComment
from meetings.models.minutes import paragraphs

__all__ = ["Response", "comments_of", "minutes_paragraphs", "minutes_responses"]


def comments_of(minutes):
    return (
        MinutesComment.objects.filter(minutes=minutes)
        .select_related("participant", "author", "answered_by", "revision", "incorporated_in")
        .order_by("paragraph", "created_at", "pk")
    )


def minutes_paragraphs(minutes, comments) -> tuple[list, list]:
    """([(number, text, [comments on it])] of the current text, [comments on the whole text or on a
    paragraph number the current text no longer has])."""
    texts = paragraphs(minutes.text)
    by_paragraph, general = {}, []
    for comment in comments:
        if comment.paragraph and comment.paragraph <= len(texts):
            by_paragraph.setdefault(comment.paragraph, []).append(comment)
        else:
            general.append(comment)
    return [(n, text, by_paragraph.get(n, [])) for n, text in enumerate(texts, start=1)], general


@dataclass
class Response:
    participant: Participant
    agreed_revision: int | None = None
    comments: int = 0
    open_comments: int = 0

    @property
    def label(self) -> str:
        return "agreed" if self.agreed_revision else ("commented" if self.comments else "none")


def minutes_responses(minutes) -> list[Response]:
    """Each delegation concerned (invited or present) with its agreement and comments, by name; three
    queries whatever the number of delegations."""
    meeting = minutes.meeting
    ids = set(
        Invitation.objects.filter(meeting=meeting, participant__isnull=False).values_list(
            "participant_id", flat=True
        )
    )
    ids.update(meeting.attendances.values_list("participant_id", flat=True))
    rows = {p.pk: Response(participant=p) for p in Participant.objects.filter(pk__in=ids).order_by("name")}
    for agreement in MinutesAgreement.objects.filter(minutes=minutes).select_related(
        "revision", "participant"
    ):
        rows.setdefault(agreement.participant_id, Response(participant=agreement.participant))
        rows[agreement.participant_id].agreed_revision = agreement.revision.number
    for comment in MinutesComment.objects.filter(minutes=minutes, participant__isnull=False).select_related(
        "participant"
    ):
        row = rows.setdefault(comment.participant_id, Response(participant=comment.participant))
        row.comments += 1
        row.open_comments += comment.status == MinutesComment.Status.OPEN
    return sorted(rows.values(), key=lambda r: r.participant.name)
