"""Briefing packs: built by the summary job of a meeting, kept, rendered as printable HTML and as PDF."""

import time
from datetime import timedelta
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from meetings.models import AgendaItem, Meeting
from summaries.diff import Incomparable, diff_payloads
from summaries.models import BriefingPack, StatusSnapshot


def previous_meeting(meeting):
    """The last meeting of the coalition *held* before this one starts: never a planned or cancelled one,
    never the meeting itself."""
    return (
        Meeting.objects.filter(
            coalition=meeting.coalition, status=Meeting.Status.HELD, starts_at__lt=meeting.starts_at
        )
        .exclude(pk=meeting.pk)
        .order_by("-starts_at", "-pk")
        .first()
    )


def figures_moment(meeting, now=None):
    """The moment whose figures a pack shows: now for a coming meeting, the meeting's start for a past one."""
    now = now or timezone.now()
    return min(now, meeting.starts_at)


def snapshot_as_of(coalition, moment) -> StatusSnapshot:
    """The figures as they stood at a past `moment`, rebuilt from the change history (not the latest
    snapshot taken before it, which may be weeks older or missing). Kept as a snapshot without a job; a
    second pack asking for the same moment reuses it, since the history of a past moment does not change."""
    from summaries.figures import SCHEMA_VERSION, compute_payload

    kept = StatusSnapshot.objects.filter(
        coalition=coalition,
        data_as_of=moment,
        schema_version=SCHEMA_VERSION,
        payload__figures_from="history",
    ).first()
    if kept is not None:
        return kept
    started = time.monotonic()
    payload = compute_payload(coalition, as_of=moment, from_history=True)
    return StatusSnapshot.objects.create(
        coalition=coalition,
        generated_at=timezone.now(),
        data_as_of=moment,
        payload=payload,
        schema_version=payload["schema_version"],
        duration_ms=int((time.monotonic() - started) * 1000),
    )


ACTION_ITEMS_KEPT = 200


def build_pack(meeting, snapshot) -> BriefingPack:
    """Freeze the agenda and the open action items beside the pack's snapshot and the figures as they stood
    when the previous meeting (the last one held) began. The action items are those open at the moment of
    the pack's figures (from the change history for a past meeting)."""
    from summaries.figures.meetings import open_action_items
    from summaries.sources import Source

    before = previous_meeting(meeting)
    moment = snapshot.data_as_of
    source = Source(history_as_of=moment if snapshot.payload.get("figures_from") == "history" else None)
    agenda = [
        {"position": item.position, "title": item.title, "presenter": str(item.presenter or "")}
        for item in AgendaItem.objects.filter(meeting=meeting)
        .select_related("presenter")
        .order_by("position")
    ]
    count, actions = open_action_items(
        meeting.coalition, source, until=meeting.starts_at, limit=ACTION_ITEMS_KEPT
    )
    return BriefingPack.objects.create(
        meeting=meeting,
        snapshot=snapshot,
        previous_snapshot=snapshot_as_of(meeting.coalition, figures_moment(before)) if before else None,
        agenda=agenda,
        action_items=actions,
        action_items_count=count,
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
    context = {"pack": pack, "meeting": pack.meeting, **_figures(pack.snapshot.payload), "diff": None}
    if pack.previous_snapshot:
        context["previous_snapshot"] = pack.previous_snapshot
        try:
            context["diff"] = diff_payloads(pack.previous_snapshot.payload, pack.snapshot.payload)
        except Incomparable as exc:
            context["incomparable"] = exc.reason
    return context


def _figures(payload) -> dict:
    from summaries import payload as payloads

    return {"payload": payload, "variant": "all", "legacy": not payloads.is_current(payload)}


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
