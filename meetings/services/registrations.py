"""Named registration per delegation: who comes, in person or online, and who needs a badge or a visa
support letter. Registering answers the invitation (attending, with as many persons as are registered)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.services import _apply, _save
from meetings.models import Contact, Invitation, Meeting, Registration
from meetings.services._common import _when
from meetings.services.invitations import MAX_PERSONS_PER_INVITATION, can_respond
from meetings.text import one_line


def _check_open(meeting: Meeting):
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError({"invitation": _("This meeting was cancelled; nobody registers for it.")})
    if meeting.has_ended:
        raise ValidationError(
            {
                "invitation": _("Registration closed when the meeting ended (%(end)s).")
                % {"end": _when(meeting.ends_at)}
            }
        )


def _check_registration(registration: Registration, meeting: Meeting):
    errors = {}
    allowed = {
        Meeting.Format.IN_PERSON: {Registration.Mode.IN_PERSON},
        Meeting.Format.VIRTUAL: {Registration.Mode.ONLINE},
    }.get(meeting.format, set(Registration.Mode.values))
    if registration.mode not in allowed:
        errors["mode"] = _("This meeting is %(format)s: register “%(mode)s”.") % {
            "format": meeting.get_format_display().lower(),
            "mode": Registration.Mode(next(iter(allowed))).label,
        }
    if registration.mode == Registration.Mode.ONLINE and (
        registration.needs_badge or registration.needs_visa_letter
    ):
        errors["needs_badge" if registration.needs_badge else "needs_visa_letter"] = _(
            "Badges and visa letters are for those who come in person."
        )
    contact = registration.contact
    invitation = registration.invitation
    if contact is not None and (
        contact.coalition_id != meeting.coalition_id or contact.participant_id != invitation.participant_id
    ):
        errors["contact"] = _("%(name)s is not in this delegation's contact list.") % {"name": contact.name}
    if errors:
        raise ValidationError(errors)


def _from_contact(data: dict, contact: Contact | None) -> dict:
    if contact is not None:
        if not data.get("name"):
            data["name"] = contact.name
        if not data.get("function"):
            data["function"] = contact.function
        if not data.get("email"):
            data["email"] = contact.address
    for name in ("name", "function", "note"):
        if data.get(name):
            data[name] = one_line(data[name])  # names go on badges and into e-mails
    return data


def _recount(invitation: Invitation, *, actor):
    """The invitation answers for its registrations: attending, with at least as many persons."""
    registered = invitation.registrations.count()
    if registered == 0:
        return
    if registered > MAX_PERSONS_PER_INVITATION:
        raise ValidationError(
            {"name": _("At most %(max)s persons per delegation.") % {"max": MAX_PERSONS_PER_INVITATION}}
        )
    if invitation.response != Invitation.Response.ATTENDING or invitation.persons != registered:
        invitation.response = Invitation.Response.ATTENDING
        invitation.persons = registered
        invitation.responded_at = timezone.now()
        invitation.responded_by = actor
        _save(invitation, actor=actor)


def _locked_invitation(pk) -> Invitation:
    return Invitation.objects.select_for_update().select_related("meeting").get(pk=pk)


def _require_register(actor, invitation):
    if not can_respond(actor, invitation):
        raise PermissionDenied(_("You can register only your own delegation, or yourself."))


@transaction.atomic
def registration_create(
    *, actor, invitation: Invitation, contact: Contact | None = None, **data
) -> Registration:
    """Register a person under an invitation until the meeting ends: the secretariat for anyone, a delegate
    for their own delegation, an invited person for themselves. In person or online as the meeting's
    format allows; badges and visa letters only for those who come in person."""
    _require_register(actor, invitation)
    invitation = _locked_invitation(invitation.pk)
    meeting = invitation.meeting
    _check_open(meeting)
    data = _from_contact(dict(data), contact)
    if not data.get("mode"):  # the meeting's format decides, online only for a virtual meeting
        online = meeting.format == Meeting.Format.VIRTUAL
        data["mode"] = Registration.Mode.ONLINE if online else Registration.Mode.IN_PERSON
    registration = Registration(invitation=invitation, contact=contact, registered_by=actor, **data)
    _check_registration(registration, meeting)
    _save(registration, actor=actor)
    _recount(invitation, actor=actor)
    return registration


@transaction.atomic
def registration_update(*, actor, registration: Registration, **data) -> Registration:
    """Change how a registered person attends or what they need, until the meeting ends."""
    _require_register(actor, registration.invitation)
    if "invitation" in data and data.pop("invitation") != registration.invitation:
        raise ValidationError({"invitation": _("A registration stays with its invitation.")})
    invitation = (
        Invitation.objects.select_for_update().select_related("meeting").get(pk=registration.invitation_id)
    )
    _check_open(invitation.meeting)
    contact = data.get("contact", registration.contact)
    _apply(registration, _from_contact(dict(data), contact if "contact" in data else None))
    _check_registration(registration, invitation.meeting)
    return _save(registration, actor=actor)


@transaction.atomic
def registration_delete(*, actor, registration: Registration) -> None:
    """Withdraw a registration until the meeting ends; the invitation keeps its answer."""
    _require_register(actor, registration.invitation)
    invitation = (
        Invitation.objects.select_for_update().select_related("meeting").get(pk=registration.invitation_id)
    )
    _check_open(invitation.meeting)
    registration._history_user = actor
    registration.delete()
    _recount(invitation, actor=actor)
