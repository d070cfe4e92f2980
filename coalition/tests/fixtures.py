"""Named users shared by every app's tests: one per role in `coalition`, and an outsider in another."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from coalition.models import UserRole
from coalition.services import api_token_create
from coalition.tests.factories import (
    CoalitionFactory,
    MembershipFactory,
    ParticipantFactory,
    UserFactory,
    UserRoleFactory,
)


@pytest.fixture
def world(db):
    """Two coalitions. In `coalition`: leads EE and LU, member DK; users of every role. `other` holds FR.

    `registry` is a registry manager (portal-wide, no coalition role): only they and staff write the shared
    participants and exchange rates."""
    coalition = CoalitionFactory(name="IT Coalition", short_name="ITC", slug="itc")
    other = CoalitionFactory(name="Demining Coalition", short_name="DMC", slug="dmc")
    ee = ParticipantFactory(code="EE", name="Estonia")
    lu = ParticipantFactory(code="LU", name="Luxembourg")
    dk = ParticipantFactory(code="DK", name="Denmark")
    fr = ParticipantFactory(code="FR", name="France")
    memberships = SimpleNamespace(
        ee=MembershipFactory(coalition=coalition, participant=ee, role="lead"),
        lu=MembershipFactory(coalition=coalition, participant=lu, role="lead"),
        dk=MembershipFactory(coalition=coalition, participant=dk, role="member"),
        fr=MembershipFactory(coalition=other, participant=fr, role="lead"),
    )
    users = SimpleNamespace(
        secretariat=UserFactory(username="sec"),
        delegate_ee=UserFactory(username="del-ee"),
        delegate_lu=UserFactory(username="del-lu"),
        observer=UserFactory(username="obs"),
        outsider=UserFactory(username="outsider"),
        admin=UserFactory(username="admin", is_superuser=True, is_staff=True),
        nobody=UserFactory(username="nobody"),
        registry=UserFactory(username="registry"),  # a registry manager: keeps participants and rates
    )
    users.registry.user_permissions.add(
        Permission.objects.get(codename="manage_registry", content_type__app_label="coalition")
    )
    UserRoleFactory(user=users.secretariat, coalition=coalition, kind=UserRole.Kind.SECRETARIAT)
    UserRoleFactory(user=users.delegate_ee, coalition=coalition, kind=UserRole.Kind.DELEGATE, participant=ee)
    UserRoleFactory(user=users.delegate_lu, coalition=coalition, kind=UserRole.Kind.DELEGATE, participant=lu)
    UserRoleFactory(user=users.observer, coalition=coalition, kind=UserRole.Kind.OBSERVER)
    UserRoleFactory(user=users.outsider, coalition=other, kind=UserRole.Kind.SECRETARIAT)
    return SimpleNamespace(
        coalition=coalition,
        other=other,
        participants=SimpleNamespace(ee=ee, lu=lu, dk=dk, fr=fr),
        memberships=memberships,
        users=users,
    )


@pytest.fixture
def api_client_for():
    """api_client_for(user, scope="write") -> an APIClient sending a real bearer token of that user."""

    def make(user, scope="write"):
        client = APIClient()
        if user is not None:
            _token, secret = api_token_create(user=user, scope=scope)
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        return client

    return make


@pytest.fixture
def page_client_for(client):
    """page_client_for(user) -> the Django test client logged in as that user (session auth)."""

    def make(user):
        client.force_login(user)
        return client

    return make


@pytest.fixture(autouse=True)
def portal_test_settings(settings):
    """Production serves hashed static names from collectstatic's manifest; tests render without one.
    Password hashing is deliberately slow in production; tests use a fast hasher."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Summaries after each change are tested on their own (summaries/tests); elsewhere they'd only add work.
    settings.SUMMARY_ON_CHANGE = False


@pytest.fixture(autouse=True)
def celery_eager():
    """Tasks run in the test's process unless a test starts a real worker (see summaries/tests)."""
    from coalition.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = previous
