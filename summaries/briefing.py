"""Briefing packs: built by the summary job of a meeting, kept, rendered as printable HTML and as PDF."""

from datetime import timedelta
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from meetings.models import ActionItem, AgendaItem, Meeting
from summaries.diff import diff_payloads, is_empty
from summaries.models import BriefingPack, StatusSnapshot


def previous_meeting(meeting):
    return (
        Meeting.objects.filter(coalition=meeting.coalition, starts_at__lt=meeting.starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at")
        .first()
    )


def snapshot_at(coalition, moment):
    """The summary as it stood at `moment`: the latest snapshot generated then or before."""
    return (
        StatusSnapshot.objects.filter(coalition=coalition, generated_at__lte=moment)
        .order_by("-generated_at")
        .first()
    )


def build_pack(meeting, snapshot) -> BriefingPack:
    """Freeze the agenda and the open action items beside the new snapshot and the previous meeting's."""
    before = previous_meeting(meeting)
    agenda = [
        {"position": item.position, "title": item.title, "presenter": str(item.presenter or "")}
        for item in AgendaItem.objects.filter(meeting=meeting)
        .select_related("presenter")
        .order_by("position")
    ]
    actions = [
        {
            "id": a.pk,
            "title": a.title,
            "owner": a.owner_participant.name if a.owner_participant else (str(a.owner_user or "")),
            "due_on": a.due_on.isoformat() if a.due_on else None,
            "meeting": a.meeting.number,
        }
        for a in ActionItem.objects.filter(
            meeting__coalition=meeting.coalition,
            status=ActionItem.Status.OPEN,
            meeting__starts_at__lte=meeting.starts_at,
        )
        .select_related("owner_participant", "owner_user", "meeting")
        .order_by("due_on", "pk")
    ]
    return BriefingPack.objects.create(
        meeting=meeting,
        snapshot=snapshot,
        previous_snapshot=snapshot_at(meeting.coalition, before.starts_at) if before else None,
        agenda=agenda,
        action_items=actions,
    )


def meetings_due_for_a_pack(now=None):
    """Planned meetings starting within BRIEFING_DAYS_AHEAD days that have no pack yet."""
    now = now or timezone.now()
    return Meeting.objects.filter(
        status=Meeting.Status.PLANNED,
        starts_at__gte=now,
        starts_at__lte=now + timedelta(days=settings.BRIEFING_DAYS_AHEAD),
        briefing_packs__isnull=True,
    )


def pack_context(pack: BriefingPack) -> dict:
    diff = (
        diff_payloads(pack.previous_snapshot.payload, pack.snapshot.payload)
        if pack.previous_snapshot
        else None
    )
    return {
        "pack": pack,
        "meeting": pack.meeting,
        "payload": pack.snapshot.payload,
        "diff": diff,
        "unchanged": diff is not None and is_empty(diff),
    }


def render_pdf(pack: BriefingPack, context: dict) -> bytes:
    """The pack as PDF (xhtml2pdf: pure Python, no system packages), with an embedded font that covers
    Cyrillic so a Ukrainian pack prints too."""
    from xhtml2pdf import pisa

    font = finders.find("vendor/dejavu/DejaVuSans.ttf")
    bold = finders.find("vendor/dejavu/DejaVuSans-Bold.ttf")
    html = render_to_string(
        "summaries/briefing_pdf.html",
        {
            **context,
            "font_path": Path(font).as_uri() if font else "",
            "bold_font_path": Path(bold).as_uri() if bold else "",
        },
    )
    out = BytesIO()
    result = pisa.CreatePDF(html, dest=out, encoding="utf-8")
    if result.err:
        raise RuntimeError(f"PDF rendering failed with {result.err} errors")
    return out.getvalue()
