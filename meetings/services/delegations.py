"""Delegations and their contacts, and the distribution lists used by invitations and circulations."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coalition.models import Coalition, Membership, Participant, UserRole
from coalition.permissions import ADD, CHANGE, DELETE, require
from coalition.services import _apply, _save
from meetings.models import Contact, DistributionList
from meetings.text import one_line


def _normalise_contact(data: dict) -> dict:
    for field in ("name", "function", "phone", "note"):
        if field in data and data[field] is not None:
            data[field] = one_line(data[field])  # names go into e-mail greetings and badges
    if data.get("email"):
        data["email"] = data["email"].strip()
    return data


def _check_contact(contact: Contact):
    errors = {}
    if not Membership.objects.filter(coalition=contact.coalition, participant=contact.participant).exists():
        errors["participant"] = _("%(name)s has no membership in %(coalition)s.") % {
            "name": contact.participant.name,
            "coalition": contact.coalition.short_name,
        }
    if contact.user_id:
        role = UserRole.objects.filter(user=contact.user, coalition=contact.coalition).first()
        if role is None:
            errors["user"] = _("%(name)s has no role in %(coalition)s.") % {
                "name": contact.user.get_username(),
                "coalition": contact.coalition.short_name,
            }
        elif role.kind == UserRole.Kind.DELEGATE and role.participant_id != contact.participant_id:
            errors["user"] = _("%(name)s is a delegate of %(other)s, not of %(participant)s.") % {
                "name": contact.user.get_username(),
                "other": role.participant.name,
                "participant": contact.participant.name,
            }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def contact_create(*, actor, coalition: Coalition, participant: Participant, **data) -> Contact:
    """A delegation's contact: the secretariat adds anyone's, a delegate their own delegation's. The
    participant is (or was) a member of the coalition; a linked portal account has a role there (a
    delegate's account only in their own delegation); at most one active head per delegation; an e-mail
    address belongs to one contact of the coalition."""
    require(actor, ADD, Contact, coalition=coalition, owner=participant)
    contact = Contact(coalition=coalition, participant=participant, **_normalise_contact(data))
    _check_contact(contact)
    return _save(contact, actor=actor)


@transaction.atomic
def contact_update(*, actor, contact: Contact, **data) -> Contact:
    """The delegation (coalition and participant) of a contact is fixed; everything else is edited."""
    require(actor, CHANGE, contact)
    for fixed in ("coalition", "participant"):
        if fixed in data and data.pop(fixed) != getattr(contact, fixed):
            raise ValidationError(
                {fixed: _("A contact stays with its delegation; add a new contact instead.")}
            )
    _apply(contact, _normalise_contact(data))
    _check_contact(contact)
    return _save(contact, actor=actor)


@transaction.atomic
def contact_delete(*, actor, contact: Contact) -> None:
    """Deleting removes the person from distribution lists; their registrations keep the name typed."""
    require(actor, DELETE, contact)
    contact._history_user = actor
    contact.delete()


# Distribution lists ----------------------------------------------------------------------------------------


def _check_list(distribution_list: DistributionList, extra_contacts):
    errors = {}
    for field, allowed in (
        ("membership_roles", Membership.Role.values),
        ("delegation_roles", Contact.DelegationRole.values),
    ):
        values = getattr(distribution_list, field) or []
        if not isinstance(values, list) or any(v not in allowed for v in values):
            errors[field] = _("Choose among: %(allowed)s.") % {"allowed": ", ".join(allowed)}
        else:
            setattr(distribution_list, field, sorted(set(values)))
    group = distribution_list.expert_group
    if group is not None and group.coalition_id != distribution_list.coalition_id:
        errors["expert_group"] = _("This expert group belongs to another coalition.")
    foreign = [c.name for c in extra_contacts or () if c.coalition_id != distribution_list.coalition_id]
    if foreign:
        errors["extra_contacts"] = _("Not contacts of this coalition: %(names)s.") % {
            "names": ", ".join(foreign)
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def distribution_list_create(*, actor, coalition: Coalition, extra_contacts=(), **data) -> DistributionList:
    """A list chooses contacts by rule (roles in the coalition, roles in the delegation, an expert group of
    the same coalition) and adds contacts of the coalition by name."""
    require(actor, ADD, DistributionList, coalition=coalition)
    distribution_list = DistributionList(coalition=coalition, **data)
    extra_contacts = list(extra_contacts)
    _check_list(distribution_list, extra_contacts)
    _save(distribution_list, actor=actor)
    distribution_list.extra_contacts.set(extra_contacts)
    return distribution_list


@transaction.atomic
def distribution_list_update(
    *, actor, distribution_list: DistributionList, extra_contacts=None, **data
) -> DistributionList:
    require(actor, CHANGE, distribution_list)
    if "coalition" in data and data.pop("coalition") != distribution_list.coalition:
        raise ValidationError({"coalition": _("A distribution list stays with its coalition.")})
    _apply(distribution_list, data)
    extra_contacts = None if extra_contacts is None else list(extra_contacts)
    _check_list(distribution_list, extra_contacts)
    _save(distribution_list, actor=actor)
    if extra_contacts is not None:
        distribution_list.extra_contacts.set(extra_contacts)
    return distribution_list


@transaction.atomic
def distribution_list_delete(*, actor, distribution_list: DistributionList) -> None:
    """Invitations sent through the list keep their answers; they no longer name the list."""
    require(actor, DELETE, distribution_list)
    distribution_list._history_user = actor
    distribution_list.delete()
