"""The demo loader: the seeds' facts as facts, the rest marked illustrative, and idempotent."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from coalition.models import Coalition, ExpertGroup, Membership, Participant, UserRole

pytestmark = pytest.mark.django_db


def row_counts():
    """Rows of every table of the portal's apps, history tables included."""
    counts = {}
    for label in ("coalition", "contributions", "meetings", "procurement", "auth"):
        for model in apps.get_app_config(label).get_models():
            counts[model._meta.label] = model._default_manager.count()
    return counts


def test_demo_loads_the_seeds_registry(capsys):
    call_command("load_demo")
    coalition = Coalition.objects.get(slug="it-coalition")
    assert coalition.beneficiary.code == "UA"
    leads = Membership.objects.filter(coalition=coalition, role="lead", left_on=None)
    assert sorted(m.participant.code for m in leads) == ["EE", "LU"]
    assert not any(m.is_illustrative for m in leads), "the leads are a fact of the seeds"
    assert all(m.source for m in leads)
    first_meeting = {"BE", "GB", "DK", "IS", "IT", "LV", "LT", "NL", "DE", "PL", "US", "JP", "EU", "NATO"}
    assert first_meeting <= set(Participant.objects.values_list("code", flat=True))
    guessed = Membership.objects.filter(coalition=coalition, role__in=["member", "observer"])
    assert guessed.exists() and all(m.is_illustrative for m in guessed), "roles the seeds do not give"
    assert ExpertGroup.objects.filter(coalition=coalition).count() == 4
    assert all(g.is_illustrative for g in ExpertGroup.objects.all())
    roles = {r.user.username: (r.kind, r.participant and r.participant.code) for r in UserRole.objects.all()}
    assert roles["secretariat"] == ("secretariat", None)
    assert roles["delegate-ee"] == ("delegate", "EE")
    assert roles["delegate-lu"] == ("delegate", "LU")
    assert roles["observer"] == ("observer", None)
    out = capsys.readouterr().out
    assert "delegate-ee" in out and "coalition-demo" in out


def test_a_second_load_changes_nothing():
    call_command("load_demo")
    before = row_counts()
    call_command("load_demo")
    assert row_counts() == before


def test_demo_passwords_follow_demo_password(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "another-demo-pass")
    call_command("load_demo")
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    request = RequestFactory().post("/accounts/login/")  # the lockout backend needs the request
    assert authenticate(request, username="delegate-lu", password="another-demo-pass") is not None


def test_the_demo_adds_a_wholly_illustrative_coalition_beside_the_faithful_one():
    from django.utils import timezone

    from coalition.demo_demining import NAME, SLUG
    from contributions.models import Disbursement, Pledge
    from meetings.models import ActionItem, Meeting
    from procurement.models import Delivery, Order

    call_command("load_demo", stdout=StringIO())
    demo = Coalition.objects.get(slug=SLUG)
    assert demo.is_illustrative and "illustrative" in demo.name.lower() and demo.name == NAME
    pledges = Pledge.objects.filter(coalition=demo)
    assert not pledges.filter(is_illustrative=False).exists()
    assert pledges.filter(amount__isnull=False).count() >= 8
    assert set(pledges.values_list("currency", flat=True)) >= {"EUR", "DKK", "GBP", "USD", "PLN"}
    assert pledges.filter(review_status="disputed").count() >= 2
    assert Disbursement.objects.filter(pledge__coalition=demo).count() >= 5
    deliveries = Delivery.objects.filter(order__roadmap_item__coalition=demo)
    assert Order.objects.filter(roadmap_item__coalition=demo).exists()
    assert deliveries.filter(delivered_on__isnull=False).exists()
    assert deliveries.filter(delivered_on__isnull=True, expected_on__lt=timezone.localdate()).exists()
    meetings = Meeting.objects.filter(coalition=demo)
    assert meetings.filter(ends_at__lt=timezone.now()).exists()
    assert meetings.filter(starts_at__gt=timezone.now()).exists()
    assert ActionItem.objects.filter(
        meeting__coalition=demo, status="open", due_on__lt=timezone.localdate()
    ).exists()
    # The seeds' coalition stays faithful: most of its pledges have no disclosed amount.
    seeds = Pledge.objects.filter(coalition__slug="it-coalition")
    assert seeds.filter(amount__isnull=True).count() > seeds.filter(amount__isnull=False).count()
