"""Invitations by role, expert group or list; named registration by delegations; lists to print."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from coalition.permissions import ADD, CHANGE
from coalition.viewmixins import ConfirmFirstMixin, ServiceFormView
from meetings import selectors, services
from meetings.forms import InviteForm, RegistrationForm
from meetings.models import Attendance, Invitation, Registration
from meetings.views.base import MeetingMixin, ServiceActionView


class InviteView(MeetingMixin, ServiceFormView):
    """Invite by role, expert group, distribution list or name; open until the meeting ends. Delegations
    that no e-mail would reach are named before (in the form) and after (as a warning)."""

    form_class = InviteForm
    permission = ADD
    title = gettext_lazy("Invite to the meeting")
    template_name = "meetings/invite_form.html"

    def setup_objects(self):
        self.load_meeting()

    def permission_target(self):
        return Invitation

    def permission_kwargs(self):
        return {"coalition": self.coalition}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "coalition": self.coalition, "meeting": self.meeting}

    def perform(self, form):
        data = form.cleaned_data
        result = services.invitations_create(
            actor=self.request.user,
            meeting=self.meeting,
            participants=data["participants"],
            roles=data["roles"],
            expert_groups=data["expert_groups"],
            distribution_list=data["distribution_list"],
            user=data["user"],
        )
        self.success_message = ngettext(
            "%(n)s invited; the invitation is being sent by e-mail.",
            "%(n)s invited; the invitations are being sent by e-mail.",
            len(result.created),
        ) % {"n": len(result.created)}
        if result.already_invited:
            messages.info(
                self.request,
                _("Already invited: %(names)s.")
                % {"names": ", ".join(p.name for p in result.already_invited)},
            )
        if result.unreachable:
            messages.warning(
                self.request,
                _(
                    "No e-mail reaches %(names)s: add a contact with an e-mail address, or tell them "
                    "another way."
                )
                % {"names": ", ".join(p.name for p in result.unreachable)},
            )
        return result

    def get_success_url(self):
        return self.meeting_url() + "#invitations"


class _RegistrationMixin(MeetingMixin):
    template_name = "form.html"
    form_class = RegistrationForm

    def load_invitation(self, pk):
        self.invitation = get_object_or_404(
            Invitation.objects.visible_to(self.request.user).select_related("participant", "user", "meeting"),
            meeting=self.meeting,
            pk=pk,
        )
        if not services.can_respond(self.request.user, self.invitation):
            raise PermissionDenied(_("You can register only your own delegation, or yourself."))

    def permission_target(self):
        return self.invitation

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "invitation": self.invitation}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subject"] = _("%(meeting)s — for %(invitee)s") % {
            "meeting": self.meeting,
            "invitee": self.invitation.invitee_label,
        }
        return context

    def get_success_url(self):
        return self.meeting_url() + "#registration"


class RegistrationCreateView(_RegistrationMixin, ServiceFormView):
    permission = "view"
    title = gettext_lazy("Register a person")
    success_message = gettext_lazy("Registered.")

    def setup_objects(self):
        self.load_meeting()
        self.load_invitation(self.kwargs["pk"])

    def perform(self, form):
        return services.registration_create(
            actor=self.request.user, invitation=self.invitation, **form.cleaned_data
        )


class RegistrationEditView(_RegistrationMixin, ServiceFormView):
    permission = "view"
    title = gettext_lazy("Change a registration")
    success_message = gettext_lazy("Registration changed.")

    def setup_objects(self):
        self.load_meeting()
        self.registration = get_object_or_404(
            Registration.objects.visible_to(self.request.user).filter(invitation__meeting=self.meeting),
            pk=self.kwargs["pk"],
        )
        self.load_invitation(self.registration.invitation_id)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.registration}

    def perform(self, form):
        return services.registration_update(
            actor=self.request.user, registration=self.registration, **form.cleaned_data
        )


class RegistrationDeleteView(ConfirmFirstMixin, ServiceActionView):
    permission = "view"
    success_message = gettext_lazy("Registration withdrawn.")
    confirm_button = gettext_lazy("Withdraw")

    def confirm_texts(self, target):
        return (
            _("Withdraw the registration of %(name)s?") % {"name": target.name},
            _("The person is no longer registered for the meeting."),
        )

    def load(self):
        registration = get_object_or_404(
            Registration.objects.visible_to(self.request.user)
            .filter(invitation__meeting=self.meeting)
            .select_related("invitation"),
            pk=self.kwargs["pk"],
        )
        if not services.can_respond(self.request.user, registration.invitation):
            raise PermissionDenied(_("You can register only your own delegation, or yourself."))
        return registration

    def perform(self, form=None):
        services.registration_delete(actor=self.request.user, registration=self.target)

    def success_url(self):
        return self.meeting_url() + "#registration"


class _PrintListView(MeetingMixin, TemplateView):
    """Lists with personal data, to print: for the secretariat."""

    def get(self, request, *args, **kwargs):
        self.load_meeting()
        if not self.can(ADD, Attendance) and not self.can(CHANGE, self.meeting):
            raise PermissionDenied(_("These lists are for the secretariat."))
        return super().get(request, *args, **kwargs)


class AttendanceSheetView(_PrintListView):
    """Everyone expected, by delegation, with a column to sign (in person) or tick (online)."""

    template_name = "meetings/attendance_sheet.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            sheet=selectors.attendance_sheet(self.meeting), counts=selectors.registration_counts(self.meeting)
        )
        return context


class BadgeListView(_PrintListView):
    """One badge per in-person registration that needs one; the visa letters to write are listed below."""

    template_name = "meetings/badges.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            badges=list(selectors.badge_list(self.meeting)),
            visa_letters=list(selectors.registrations_of(self.meeting).filter(needs_visa_letter=True)),
        )
        return context
