"""The one policy: who may see and write what, per role and coalition."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from coalition.models import Coalition, ExpertGroup, Membership, Participant
from coalition.permissions import ADD, CHANGE, DELETE, VIEW, can, require
from coalition.tests.factories import UserFactory, UserRoleFactory

pytestmark = pytest.mark.django_db


def test_visible_to_scopes_coalition_records_to_the_users_roles(world):
    u = world.users
    assert set(Membership.objects.visible_to(u.observer)) == {
        world.memberships.ee,
        world.memberships.lu,
        world.memberships.dk,
    }
    assert list(Membership.objects.visible_to(u.outsider)) == [world.memberships.fr]
    assert Membership.objects.visible_to(u.admin).count() == 4
    assert Membership.objects.visible_to(u.nobody).count() == 0
    assert Membership.objects.visible_to(AnonymousUser()).count() == 0
    assert list(Coalition.objects.visible_to(u.delegate_ee)) == [world.coalition]


def test_participants_are_shared_but_only_with_users_who_have_a_role(world):
    assert Participant.objects.visible_to(world.users.outsider).count() == 4
    assert Participant.objects.visible_to(world.users.nobody).count() == 0


@pytest.mark.parametrize(
    ("user", "allowed"),
    [
        ("secretariat", {ADD, CHANGE, DELETE, VIEW}),
        ("delegate_ee", {VIEW}),
        ("observer", {VIEW}),
        ("outsider", set()),
        ("nobody", set()),
        ("admin", {ADD, CHANGE, DELETE, VIEW}),
    ],
)
def test_membership_actions_by_role(world, user, allowed):
    actor = getattr(world.users, user)
    membership = world.memberships.ee
    for action in (VIEW, CHANGE, DELETE):
        assert can(actor, action, membership) is (action in allowed), action
    assert can(actor, ADD, Membership, coalition=world.coalition) is (ADD in allowed)


def test_coalitions_are_created_and_deleted_by_staff_only(world):
    sec = world.users.secretariat
    assert can(sec, CHANGE, world.coalition)
    assert not can(sec, DELETE, world.coalition)
    assert not can(sec, ADD, Coalition)
    assert can(world.users.admin, ADD, Coalition)


def test_participants_are_kept_by_registry_managers_and_staff_only(world):
    u = world.users
    for action in (ADD, CHANGE, DELETE):
        target = Participant if action == ADD else world.participants.ee
        assert not can(u.secretariat, action, target), action
        assert not can(u.outsider, action, target), action
        assert can(u.registry, action, target), action
        assert can(u.admin, action, target), action
    staff = UserFactory(username="staffer", is_staff=True)
    assert can(staff, CHANGE, world.participants.ee)
    assert can(u.registry, VIEW, world.participants.ee)  # no coalition role, yet they see what they keep
    inactive = UserFactory(username="gone", is_staff=True, is_active=False)
    assert not can(inactive, CHANGE, world.participants.ee)


def test_a_role_counts_only_in_its_own_coalition(world):
    """The observer of X who is secretariat of Y is an observer on everything of X."""
    dual = UserFactory(username="dual")
    UserRoleFactory(user=dual, coalition=world.coalition, kind="observer")
    UserRoleFactory(user=dual, coalition=world.other, kind="secretariat")
    assert not can(dual, ADD, Membership, coalition=world.coalition)
    assert not can(dual, CHANGE, world.memberships.ee)
    assert can(dual, CHANGE, world.memberships.fr)
    assert can(dual, VIEW, world.memberships.ee)
    assert not can(dual, ADD, Participant)
    assert not can(world.users.outsider, CHANGE, world.participants.ee)
    assert not can(world.users.delegate_ee, CHANGE, world.participants.ee)
    assert not can(world.users.observer, ADD, Participant)
    assert can(world.users.observer, VIEW, world.participants.ee)


def test_delegate_actions_apply_only_to_records_their_participant_owns(world, monkeypatch):
    """A model that lets delegates change what they own: EE's delegate may, LU's may not."""
    monkeypatch.setattr(ExpertGroup, "delegate_actions", frozenset({CHANGE}), raising=False)
    monkeypatch.setattr(ExpertGroup, "owner_lookup", "lead", raising=False)
    group = ExpertGroup.objects.create(coalition=world.coalition, name="Cyber", lead=world.participants.ee)
    assert can(world.users.delegate_ee, CHANGE, group)
    assert not can(world.users.delegate_lu, CHANGE, group)
    assert not can(world.users.delegate_ee, DELETE, group)
    assert can(
        world.users.delegate_ee, CHANGE, ExpertGroup, coalition=world.coalition, owner=world.participants.ee
    )
    assert not can(world.users.delegate_ee, CHANGE, ExpertGroup, coalition=world.coalition, owner=None)


def test_require_raises_permission_denied(world):
    with pytest.raises(PermissionDenied):
        require(world.users.observer, CHANGE, world.memberships.ee)
    require(world.users.secretariat, CHANGE, world.memberships.ee)


def test_roles_are_loaded_once_per_user_object(world, django_assert_num_queries):
    user = world.users.secretariat
    with django_assert_num_queries(1):
        for membership in (world.memberships.ee, world.memberships.lu, world.memberships.dk):
            assert can(user, CHANGE, membership)
