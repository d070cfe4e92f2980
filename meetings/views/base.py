"""Shared pieces of the meeting pages: loading the meeting of the URL, and POST-only actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from coalition.errors import Conflict
from coalition.permissions import can
from coalition.viewmixins import CoalitionMixin
from meetings.models import Meeting


class MeetingMixin(CoalitionMixin):
    """Resolves `self.meeting` from the URL's `number` within the coalition (404 when not visible)."""

    def load_meeting(self):
        meeting = (
            Meeting.objects.visible_to(self.request.user)
            .select_related("coalition")
            .filter(coalition=self.coalition, number=self.kwargs["number"])
            .first()
        )
        if meeting is None:
            raise Http404(_("No such meeting."))
        self.meeting = meeting
        return meeting

    def meeting_url(self):
        return self.meeting_detail_url(self.meeting)

    def meeting_detail_url(self, meeting):
        from django.urls import reverse

        return reverse("meeting-detail", args=[self.coalition.slug, meeting.number])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["meeting"] = self.meeting
        context["subject"] = self.meeting
        context.setdefault("cancel_url", self.meeting_url())
        return context


def messages_from(exc) -> list[str]:
    if isinstance(exc, ValidationError):
        return exc.messages
    return [exc.message]


class ServiceActionView(MeetingMixin, View):
    """A POST-only button (mark as held, move, delete...). Errors come back as messages on the page."""

    http_method_names = ["post"]
    permission = None
    success_message = ""

    def load(self):
        """Load the target of the action; return it."""
        return self.load_meeting()

    def perform(self):
        raise NotImplementedError

    def success_url(self):
        return self.meeting_url()

    def confirm_load(self):
        """Load the meeting and the target, check the permission (also the confirmation page's check)."""
        self.load_meeting()
        self.target = self.load()
        if not can(self.request.user, self.permission, self.target):
            raise PermissionDenied(_("You do not have permission to do this."))
        return self.target

    def confirm_cancel_url(self, target):
        return self.success_url()

    def post(self, request, *args, **kwargs):
        self.confirm_load()
        try:
            self.perform()
        except (ValidationError, Conflict) as exc:
            for message in messages_from(exc):
                messages.error(request, message)
        else:
            if self.success_message:
                messages.success(request, self.success_message)
        return redirect(self.success_url())
