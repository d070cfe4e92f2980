"""Meetings: list, page, forms for the secretariat, answers of delegates, attendance."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_filters.views import FilterView

from coalition.permissions import ADD, CHANGE, DELETE
from coalition.viewmixins import CoalitionMixin, ConfirmFirstMixin, HtmxPartialMixin, ServiceFormView
from meetings import ical, selectors, services
from meetings.filters import MeetingFilter
from meetings.forms import (
    AttendanceForm,
    MeetingCancelForm,
    MeetingForm,
    RsvpForm,
)
from meetings.models import (
    ActionItem,
    AgendaDocument,
    AgendaItem,
    Attendance,
    Decision,
    Invitation,
    Meeting,
    Minutes,
)
from meetings.views.base import MeetingMixin, ServiceActionView

CARRIED_OVER_MAX = 50  # the meeting page never renders more; the board has them all


class MeetingListView(CoalitionMixin, HtmxPartialMixin, FilterView):
    """Upcoming meetings (soonest first) and past ones (latest first), filtered alike."""

    filterset_class = MeetingFilter
    template_name = "meetings/meeting_list.html"
    partial_template_name = "meetings/_meeting_tables.html"

    def get_queryset(self):
        return selectors.meetings_for(self.request.user, self.coalition)

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        del filterset.form.fields["coalition"]
        return filterset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meetings = context["object_list"]
        now = timezone.now()
        context["upcoming"] = list(meetings.upcoming(now))
        context["past"] = list(meetings.past(now))
        context["can_add"] = self.can(ADD, Meeting)
        return context


class MeetingDetailView(MeetingMixin, TemplateView):
    template_name = "meetings/meeting_detail.html"

    def get(self, request, *args, **kwargs):
        meeting = selectors.meeting_for_page(request.user, self.coalition, kwargs["number"])
        if meeting is None:
            raise Http404(_("No such meeting."))
        self.meeting = meeting
        return super().get(request, *args, **kwargs)

    def _carried_over(self, meeting):
        """The open items from earlier meetings, at most CARRIED_OVER_MAX (by due date): the rest are on the
        action-item board (which opens on the open items), linked with their number."""
        items = list(selectors.carried_over_action_items(meeting)[: CARRIED_OVER_MAX + 1])
        total = len(items)
        if total > CARRIED_OVER_MAX:
            items = items[:CARRIED_OVER_MAX]
            total = selectors.carried_over_action_items(meeting).count()
        return {"carried_over": items, "carried_over_total": total, "carried_over_more": total - len(items)}

    def _pledges(self):
        """Pledges announced at this meeting, when the contributions app provides the relation."""
        if not hasattr(self.meeting, "pledges"):
            return None
        pledges = self.meeting.pledges.all()
        if hasattr(pledges, "visible_to"):
            pledges = pledges.visible_to(self.request.user)
        model = pledges.model
        foreign_keys = [f.name for f in model._meta.fields if f.many_to_one]
        return list(pledges.select_related(*foreign_keys))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.meeting
        user = self.request.user
        minutes = getattr(meeting, "minutes", None) if hasattr(meeting, "minutes") else None
        my_invitations = selectors.invitations_to_answer(user, meeting)
        context.update(
            agenda=selectors.agenda(meeting, user),
            attendance=selectors.attendance_summary(meeting),
            invitations=selectors.invitations(meeting),
            rsvp=selectors.rsvp_counts(meeting),
            my_invitations=my_invitations,
            my_registrations=selectors.registrations_to_manage(user, meeting, my_invitations),
            registration_counts=selectors.registration_counts(meeting),
            decisions=selectors.decisions(meeting),
            action_items=selectors.action_items_of(meeting),
            **self._carried_over(meeting),
            minutes=minutes,
            minutes_revisions=list(selectors.minutes_revisions(minutes)[:5]) if minutes else [],
            minutes_comment_count=minutes.comments.count() if minutes else 0,
            pledges=self._pledges(),
            can_edit=self.can(CHANGE, meeting),
            can_invite=self.can(ADD, Invitation),
            can_record=self.can(ADD, Attendance),
            can_add_agenda=self.can(ADD, AgendaItem),
            can_submit_paper=self.can(
                ADD, AgendaDocument, owner=self.user_role.participant_id if self.user_role else None
            ),
            can_add_decision=self.can(ADD, Decision),
            can_add_action=self.can(ADD, ActionItem),
            can_write_minutes=self.can(ADD, Minutes),
            today=timezone.localdate(),
        )
        context["cancel_url"] = None
        return context


class MeetingCreateView(CoalitionMixin, ServiceFormView):
    form_class = MeetingForm
    permission = ADD
    title = gettext_lazy("New meeting")

    def permission_target(self):
        return Meeting

    def permission_kwargs(self):
        return {"coalition": self.coalition}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "coalition": self.coalition}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = reverse("meeting-list", args=[self.coalition.slug])
        return context

    def perform(self, form):
        return services.meeting_create(actor=self.request.user, coalition=self.coalition, **form.cleaned_data)

    def get_success_url(self):
        return reverse("meeting-detail", args=[self.coalition.slug, self.object.number])


class MeetingEditView(MeetingMixin, ServiceFormView):
    form_class = MeetingForm
    permission = CHANGE
    title = gettext_lazy("Edit meeting")

    def setup_objects(self):
        self.load_meeting()

    def permission_target(self):
        return self.meeting

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "coalition": self.coalition, "instance": self.meeting}

    def perform(self, form):
        # Disabled fields (a held meeting's dates) are not the user's input: leave them to the record.
        data = {name: value for name, value in form.cleaned_data.items() if not form.fields[name].disabled}
        if data.get("number") is None:
            data.pop("number", None)
        return services.meeting_update(actor=self.request.user, meeting=self.meeting, **data)

    def get_success_url(self):
        return reverse("meeting-detail", args=[self.coalition.slug, self.object.number])


class MeetingCancelView(MeetingMixin, ServiceFormView):
    form_class = MeetingCancelForm
    permission = CHANGE
    title = gettext_lazy("Cancel meeting")
    success_message = gettext_lazy("The meeting is cancelled; invitees are told.")

    def setup_objects(self):
        self.load_meeting()

    def permission_target(self):
        return self.meeting

    def perform(self, form):
        return services.meeting_cancel(actor=self.request.user, meeting=self.meeting, **form.cleaned_data)

    def get_success_url(self):
        return self.meeting_url()


class MeetingMarkHeldView(ServiceActionView):
    permission = CHANGE
    success_message = gettext_lazy("The meeting is marked as held.")

    def perform(self):
        services.meeting_mark_held(actor=self.request.user, meeting=self.meeting)


class MeetingIcsView(MeetingMixin, TemplateView):
    """One meeting as an .ics file."""

    def get(self, request, *args, **kwargs):
        self.load_meeting()
        meeting = selectors.meetings_for_calendar(request.user, self.coalition).get(pk=self.meeting.pk)
        content = ical.calendar(
            [meeting],
            name=f"{self.coalition.short_name}: {meeting.title}",
            url_for=lambda m: request.build_absolute_uri(self.meeting_detail_url(m)),
        )
        response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{self.coalition.slug}-meeting-{meeting.number}.ics"'
        )
        return response


# Invitations and answers -----------------------------------------------------------------------------------


class RsvpView(MeetingMixin, ServiceFormView):
    """A delegate answers their participant's invitation; an invited person answers their own."""

    form_class = RsvpForm
    permission = "view"
    title = gettext_lazy("Answer the invitation")
    success_message = gettext_lazy("Thank you; your answer is recorded.")

    def setup_objects(self):
        self.load_meeting()
        self.invitation = get_object_or_404(
            Invitation.objects.visible_to(self.request.user).select_related("participant", "user", "meeting"),
            meeting=self.meeting,
            pk=self.kwargs["pk"],
        )
        if not services.can_respond(self.request.user, self.invitation):
            raise PermissionDenied(_("You can answer only invitations to your own participant or to you."))

    def permission_target(self):
        return self.invitation

    def get_initial(self):
        invitation = self.invitation
        return {
            "response": invitation.response if invitation.response != Invitation.Response.NO_ANSWER else None,
            "persons": invitation.persons or 1,
            "note": invitation.note,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subject"] = _("%(meeting)s — for %(invitee)s") % {
            "meeting": self.meeting,
            "invitee": self.invitation.invitee_label,
        }
        return context

    def perform(self, form):
        return services.invitation_respond(
            actor=self.request.user, invitation=self.invitation, **form.cleaned_data
        )

    def get_success_url(self):
        return self.meeting_url()


class InvitationDeleteView(ConfirmFirstMixin, ServiceActionView):
    permission = DELETE
    success_message = gettext_lazy("Invitation withdrawn.")
    confirm_button = gettext_lazy("Withdraw")

    def confirm_texts(self, target):
        return (
            _("Withdraw the invitation of %(name)s?") % {"name": target.invitee_label},
            _("Withdraw this invitation? Its answer is deleted."),
        )

    def load(self):
        return get_object_or_404(Invitation.objects.filter(meeting=self.meeting), pk=self.kwargs["pk"])

    def perform(self):
        services.invitation_delete(actor=self.request.user, invitation=self.target)


# Attendance ------------------------------------------------------------------------------------------------


class AttendanceView(MeetingMixin, ServiceFormView):
    """The secretariat ticks who was present; roles come from the memberships on the meeting's date."""

    form_class = AttendanceForm
    permission = ADD
    title = gettext_lazy("Record attendance")
    template_name = "meetings/attendance_form.html"

    def setup_objects(self):
        self.load_meeting()
        self.roles = services.roles_on(self.coalition, self.meeting.local_date)

    def permission_target(self):
        return Attendance

    def permission_kwargs(self):
        return {"coalition": self.coalition}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "roles": self.roles}

    def get_initial(self):
        """The recorded attendance; before any is recorded, those registered or answering 'attending'."""
        recorded = list(self.meeting.attendances.values_list("participant_id", flat=True))
        return {"participants": recorded or selectors.expected_participants(self.meeting)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["prefilled"] = not self.meeting.attendances.exists()
        return context

    def perform(self, form):
        result = services.attendance_set(actor=self.request.user, meeting=self.meeting, **form.cleaned_data)
        self.success_message = _("Attendance saved: %(added)s added, %(removed)s removed.") % result
        return result

    def get_success_url(self):
        return self.meeting_url() + "#attendance"
