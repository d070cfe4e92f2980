"""The start page ("My work"): what waits for the user, per coalition and role, in a fixed number of queries
(one per kind of work, whatever the number of coalitions or records)."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from coalition.models import UserRole

LIMIT = 10  # rows shown per list (the counts are of all); the page links to the full lists


def _ids(roles, kind):
    return [r.coalition_id for r in roles if r.kind == kind]


def my_work(user) -> list[dict]:
    """One entry per coalition the user holds a role in: the role and the lists that matter to it."""
    from contributions.models import Pledge
    from contributions.selectors import reviews_awaiting
    from meetings.models import ActionItem, Invitation, Meeting, Minutes
    from procurement.models import Delivery
    from summaries.models import StatusSnapshot, SummaryJob

    roles = list(
        UserRole.objects.filter(user=user)
        .select_related("coalition", "participant")
        .order_by("coalition__name", "kind")
    )
    if not roles:
        return []
    now = timezone.now()
    today = timezone.localdate()
    delegates = [r for r in roles if r.kind == UserRole.Kind.DELEGATE and r.participant_id]
    secretariat = _ids(roles, UserRole.Kind.SECRETARIAT)
    observer = _ids(roles, UserRole.Kind.OBSERVER)
    work = {r.coalition_id: {"role": r, "coalition": r.coalition, "lists": {}} for r in roles}

    def put(coalition_id, key, row):
        work[coalition_id]["lists"].setdefault(key, []).append(row)

    if delegates:
        represented = Q()
        for role in delegates:
            represented |= Q(meeting__coalition_id=role.coalition_id, participant_id=role.participant_id)
        coalition_ids = [r.coalition_id for r in delegates]
        for pledge in reviews_awaiting(user):
            put(pledge.coalition_id, "reviews", pledge)
        invitations = (
            Invitation.objects.filter(represented | Q(user=user, meeting__coalition_id__in=coalition_ids))
            .filter(response=Invitation.Response.NO_ANSWER, meeting__ends_at__gte=now)
            .exclude(meeting__status=Meeting.Status.CANCELLED)
            .select_related("meeting", "participant")
            .order_by("meeting__starts_at")
        )
        for invitation in invitations:
            put(invitation.meeting.coalition_id, "invitations", invitation)
        owned = Q()
        for role in delegates:
            owned |= Q(meeting__coalition_id=role.coalition_id, owner_participant_id=role.participant_id)
        actions = (
            ActionItem.objects.filter(owned | Q(owner_user=user, meeting__coalition_id__in=coalition_ids))
            .filter(status=ActionItem.Status.OPEN)
            .select_related("meeting")
            .order_by("due_on", "pk")
        )
        for item in actions:
            put(item.meeting.coalition_id, "actions", item)
        minutes = (
            Minutes.objects.filter(meeting__coalition_id__in=coalition_ids, status=Minutes.Status.CIRCULATED)
            .select_related("meeting")
            .order_by("comments_due_on", "pk")
        )
        for record in minutes:
            put(record.meeting.coalition_id, "minutes", record)

    if secretariat:
        disputes = (
            Pledge.objects.filter(coalition_id__in=secretariat, review_status=Pledge.Review.DISPUTED)
            .exclude(status=Pledge.Status.WITHDRAWN)
            .select_related("donor")
            .order_by("-reviewed_at", "pk")
        )
        for pledge in disputes:
            put(pledge.coalition_id, "disputes", pledge)
        overdue_actions = (
            ActionItem.objects.filter(
                meeting__coalition_id__in=secretariat, status=ActionItem.Status.OPEN, due_on__lt=today
            )
            .select_related("meeting", "owner_participant", "owner_user")
            .order_by("due_on", "pk")
        )
        for item in overdue_actions:
            put(item.meeting.coalition_id, "overdue_actions", item)
        deliveries = (
            Delivery.objects.filter(
                order__roadmap_item__coalition_id__in=secretariat,
                delivered_on__isnull=True,
                expected_on__lt=today,
            )
            .select_related("order__roadmap_item")
            .order_by("expected_on", "pk")
        )
        for delivery in deliveries:
            put(delivery.order.roadmap_item.coalition_id, "overdue_deliveries", delivery)
        month_start = today.replace(day=1)
        next_month = (month_start + timedelta(days=32)).replace(day=1)
        meetings = (
            Meeting.objects.filter(
                coalition_id__in=secretariat, starts_at__date__gte=month_start, starts_at__date__lt=next_month
            )
            .exclude(status=Meeting.Status.CANCELLED)
            .order_by("starts_at")
        )
        for meeting in meetings:
            put(meeting.coalition_id, "meetings", meeting)
        failed = SummaryJob.objects.filter(
            coalition_id__in=secretariat,
            state=SummaryJob.State.FAILED,
            requested_at__gte=now - timedelta(days=30),
        ).order_by("-requested_at")
        for job in failed:
            put(job.coalition_id, "failed_jobs", job)

    if observer:
        latest = (
            StatusSnapshot.objects.filter(coalition_id__in=observer)
            .order_by("coalition_id", "-data_as_of", "-pk")
            .distinct("coalition_id")
            .only("pk", "coalition_id", "data_as_of", "generated_at")
        )
        for snapshot in latest:
            work[snapshot.coalition_id]["latest_summary"] = snapshot

    for entry in work.values():
        entry["count"] = sum(len(rows) for rows in entry["lists"].values())
    return list(work.values())
