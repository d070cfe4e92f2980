"""The records the authorisation matrix works on: one of every kind in coalition X (the `world` fixture's
IT Coalition), a few in coalition Y, and the users of each role.

Add your model here when you add a page or endpoint for it: a record in X, named after the model
(`records.<name>`), so the matrix's rows can address it (`pk=<name>`); API paths find it by model.
"""

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

from axes.models import AccessAttempt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coalition import proposals
from coalition.services import api_token_create
from coalition.tests.authz_table import ROLES  # noqa: F401 - the columns, re-exported for the test
from coalition.tests.factories import ExpertGroupFactory

# Path parameters of API operations that are not a record's id: {name: value}.
PATH_ARGUMENTS = {"code": "rate-limited"}


def build_records(world, admin):
    """One record of every kind in X (written by staff), and Y's own pledge for the countability checks."""
    from contributions.tests.factories import (
        DisbursementFactory,
        FxRateFactory,
        PledgeFactory,
        ReportedTotalFactory,
    )
    from meetings import services as meetings
    from meetings.tests.factories import (
        ActionItemFactory,
        AgendaItemFactory,
        AttendanceFactory,
        DecisionFactory,
        InvitationFactory,
        MeetingFactory,
    )
    from procurement.tests.factories import (
        AllocationFactory,
        CapabilityAreaFactory,
        DeliveryFactory,
        OrderFactory,
        RoadmapItemFactory,
    )
    from summaries import services as summaries

    x, p = world.coalition, world.participants
    r = SimpleNamespace()
    r.coalition = x
    r.participant = p.ee
    r.membership = world.memberships.dk
    r.expert_group = ExpertGroupFactory(coalition=x, lead=p.ee)
    r.fx_rate = FxRateFactory(currency="USD", date=date(2024, 2, 1), rate=Decimal("1.08"))
    r.pledge = PledgeFactory(coalition=x, donor=p.ee, status="confirmed", currency="EUR")
    r.disbursement = DisbursementFactory(pledge=r.pledge)
    r.meeting = MeetingFactory(coalition=x, number=1, past=True)
    r.next_meeting = MeetingFactory(coalition=x, number=2, starts_at=timezone.now() + timedelta(days=20))
    r.reported_total = ReportedTotalFactory(meeting=r.meeting)
    r.invitation = InvitationFactory(meeting=r.next_meeting, participant=p.ee)
    r.attendance = AttendanceFactory(meeting=r.meeting, participant=p.ee)
    r.agenda_item = AgendaItemFactory(meeting=r.next_meeting)
    r.agenda_document = meetings.agenda_document_add(
        actor=admin, agenda_item=r.agenda_item, file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 matrix")
    )
    r.decision = DecisionFactory(meeting=r.meeting)
    r.action_item = ActionItemFactory(meeting=r.meeting, owner_participant=p.ee)
    r.minutes = meetings.minutes_save(actor=admin, meeting=r.meeting, text="Minutes of the matrix.")
    r.capability_area = CapabilityAreaFactory(coalition=x)
    r.roadmap_item = RoadmapItemFactory(coalition=x, capability_area=r.capability_area)
    r.allocation = AllocationFactory(roadmap_item=r.roadmap_item, pledge=r.pledge, amount=Decimal("100.00"))
    r.order = OrderFactory(roadmap_item__coalition=x, roadmap_item__capability_area=r.capability_area)
    r.delivery = DeliveryFactory(order=r.order)
    job = summaries.request_summary(actor=admin, coalition=x)  # queued on commit, which a test never reaches
    r.snapshot = summaries.run_summary_job(job.pk)
    job.refresh_from_db()
    r.summary_job = job
    r.registry_proposal = proposals.propose_fx_rate(
        actor=world.users.secretariat,
        coalition=x,
        currency="GBP",
        date=date(2024, 2, 1),
        rate=Decimal("0.85"),
        reason="ECB reference rate of the day.",
    )
    from meetings.models import ClassificationMarking, DistributionList, MinutesComment
    from meetings.tests.factories import ContactFactory, RegistrationFactory

    r.contact = ContactFactory(coalition=x, participant=p.ee)
    r.distribution_list = DistributionList.objects.create(coalition=x, name="Matrix list")
    r.registration = RegistrationFactory(invitation=r.invitation)
    r.classification_marking = ClassificationMarking.objects.create(coalition=x, label="MATRIX RESTRICTED")
    r.minutes_comment = MinutesComment.objects.create(
        minutes=r.minutes, revision=r.minutes.revisions.get(), participant=p.ee, text="Matrix comment."
    )
    r.written_procedure = meetings.procedure_create(
        actor=admin, coalition=x, title="Matrix procedure", draft_decision="Adopt the matrix."
    )
    r.access_attempt = AccessAttempt.objects.create(
        username="ghost", ip_address="127.9.9.9", user_agent="matrix", failures_since_start=10
    )
    r.api_token, _secret = api_token_create(user=world.users.delegate_ee, scope="read", name="matrix")
    r.y_pledge = PledgeFactory(coalition=world.other, donor=p.fr, currency="EUR")
    from webhooks.models import WebhookDelivery, WebhookEndpoint

    r.webhook_endpoint = WebhookEndpoint.objects.create(
        coalition=x, url="https://hooks.partner.example/", events=["pledge.created"], secret="whsec_matrix"
    )
    r.webhook_delivery = WebhookDelivery.objects.create(
        endpoint=r.webhook_endpoint, event="pledge.created", body="{}"
    )
    return r


def role_users(world):
    u = world.users
    return {
        "obs": u.observer,
        "delA": u.delegate_ee,
        "delB": u.delegate_lu,
        "secX": u.secretariat,
        "secY": u.outsider,
        "staff": u.admin,
        "reg": u.registry,
    }


def role_tokens(world):
    sec = world.users.secretariat
    _t, read = api_token_create(user=sec, scope="read")
    _t, write = api_token_create(user=sec, scope="write")
    expired, secret = api_token_create(
        user=sec, scope="write", expires_at=timezone.now() + timedelta(hours=1)
    )
    expired.expires_at = timezone.now() - timedelta(minutes=1)
    expired.save(update_fields=["expires_at"])
    return {"read": read, "write": write, "expired": secret}
