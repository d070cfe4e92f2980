"""Registry rules in services: memberships keep their history, expert groups hold members only."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coalition import services
from coalition.errors import Conflict
from coalition.models import Membership, Participant
from coalition.tests.factories import ExpertGroupFactory

pytestmark = pytest.mark.django_db


class TestParticipants:
    def test_state_needs_an_iso_alpha2_code_and_gets_its_name(self, world):
        fi = services.participant_create(actor=world.users.registry, kind="state", code="fi")
        assert (fi.code, fi.name) == ("FI", "Finland")
        assert fi.history.first().history_user == world.users.registry

    @pytest.mark.parametrize("code", ["XX", "EST", "E1", ""])
    def test_state_with_a_code_that_is_not_iso_is_refused(self, world, code):
        with pytest.raises(ValidationError) as info:
            services.participant_create(actor=world.users.registry, kind="state", code=code, name="X")
        assert "code" in info.value.message_dict
        assert not Participant.objects.filter(name="X").exists()

    def test_organisation_code_is_an_acronym(self, world):
        nato = services.participant_create(
            actor=world.users.registry, kind="organisation", code="NATO", name="NATO"
        )
        assert nato.kind == "organisation"
        with pytest.raises(ValidationError):
            services.participant_create(
                actor=world.users.registry, kind="organisation", code="not ok!", name="Bad"
            )

    def test_duplicate_code_is_refused(self, world):
        with pytest.raises(ValidationError) as info:
            services.participant_create(actor=world.users.registry, kind="state", code="EE")
        assert "code" in info.value.message_dict

    def test_participant_with_memberships_cannot_be_deleted(self, world):
        with pytest.raises(Conflict):
            services.participant_delete(actor=world.users.registry, participant=world.participants.ee)
        assert Participant.objects.filter(code="EE").exists()

    def test_delegate_cannot_create_participants(self, world):
        with pytest.raises(PermissionDenied):
            services.participant_create(actor=world.users.delegate_ee, kind="state", code="FI")


class TestMemberships:
    def test_a_second_current_membership_is_refused(self, world):
        with pytest.raises(ValidationError) as info:
            services.membership_create(
                actor=world.users.secretariat,
                coalition=world.coalition,
                participant=world.participants.ee,
                role="member",
                joined_on=date(2024, 4, 9),
            )
        assert "already a current member" in str(info.value.message_dict["participant"])

    def test_change_role_keeps_the_earlier_period(self, world):
        dk = world.memberships.dk
        on = dk.joined_on + timedelta(days=30)
        successor = services.membership_change_role(
            actor=world.users.secretariat, membership=dk, role="lead", on=on
        )
        dk.refresh_from_db()
        assert dk.role == "member"
        assert dk.left_on == on - timedelta(days=1)
        assert (successor.role, successor.joined_on, successor.left_on) == ("lead", on, None)
        periods = Membership.objects.filter(participant=world.participants.dk).order_by("joined_on")
        assert [m.role for m in periods] == ["member", "lead"]
        assert successor.history.first().history_user == world.users.secretariat

    def test_change_role_must_start_after_the_current_role(self, world):
        dk = world.memberships.dk
        with pytest.raises(ValidationError) as info:
            services.membership_change_role(
                actor=world.users.secretariat, membership=dk, role="lead", on=dk.joined_on
            )
        assert "on" in info.value.message_dict
        dk.refresh_from_db()
        assert dk.left_on is None

    def test_change_role_to_the_same_role_is_refused(self, world):
        with pytest.raises(ValidationError):
            services.membership_change_role(
                actor=world.users.secretariat, membership=world.memberships.dk, role="member"
            )

    def test_update_never_overwrites_the_role(self, world):
        with pytest.raises(ValidationError) as info:
            services.membership_update(
                actor=world.users.secretariat, membership=world.memberships.dk, role="observer"
            )
        assert "role" in info.value.message_dict

    def test_end_before_start_is_refused(self, world):
        dk = world.memberships.dk
        with pytest.raises(ValidationError):
            services.membership_end(
                actor=world.users.secretariat, membership=dk, left_on=dk.joined_on - timedelta(days=1)
            )

    def test_ended_membership_allows_rejoining(self, world):
        dk = world.memberships.dk
        left_on = dk.joined_on + timedelta(days=10)
        services.membership_end(actor=world.users.secretariat, membership=dk, left_on=left_on)
        again = services.membership_create(
            actor=world.users.secretariat,
            coalition=world.coalition,
            participant=world.participants.dk,
            role="observer",
            joined_on=left_on + timedelta(days=20),
        )
        assert again.left_on is None
        assert Membership.objects.filter(participant=world.participants.dk).count() == 2

    def test_observer_cannot_add_memberships(self, world):
        with pytest.raises(PermissionDenied):
            services.membership_create(
                actor=world.users.observer,
                coalition=world.coalition,
                participant=world.participants.fr,
                role="member",
                joined_on=date(2024, 1, 1),
            )


class TestExpertGroups:
    def test_lead_and_members_must_be_current_members(self, world):
        with pytest.raises(ValidationError) as info:
            services.expert_group_create(
                actor=world.users.secretariat,
                coalition=world.coalition,
                name="Cyber defence",
                lead=world.participants.fr,
                members=[world.participants.ee, world.participants.fr],
            )
        assert set(info.value.message_dict) == {"lead", "members"}
        assert "France" in info.value.message_dict["members"][0]

    def test_group_is_created_with_its_members(self, world):
        group = services.expert_group_create(
            actor=world.users.secretariat,
            coalition=world.coalition,
            name="Cyber defence",
            lead=world.participants.ee,
            members=[world.participants.ee, world.participants.dk],
        )
        assert set(group.members.values_list("code", flat=True)) == {"EE", "DK"}

    def test_duplicate_name_in_a_coalition_is_refused(self, world):
        ExpertGroupFactory(coalition=world.coalition, name="Cyber defence")
        with pytest.raises(ValidationError):
            services.expert_group_create(
                actor=world.users.secretariat, coalition=world.coalition, name="Cyber defence"
            )

    def test_group_cannot_move_to_another_coalition(self, world):
        group = ExpertGroupFactory(coalition=world.coalition)
        with pytest.raises(ValidationError):
            services.expert_group_update(actor=world.users.admin, expert_group=group, coalition=world.other)
