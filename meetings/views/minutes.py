"""Minutes (write, circulate, approve, revisions and their comparison), the calendar feed and the
notification settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from coalition.errors import Conflict
from coalition.models import Coalition
from coalition.permissions import ADD, CHANGE
from coalition.viewmixins import CoalitionMixin, ServiceFormView
from meetings import ical, selectors, services
from meetings.forms import (
    MinutesApproveForm,
    MinutesCirculateForm,
    MinutesCompareForm,
    MinutesForm,
    NotificationPreferencesForm,
)
from meetings.models import CalendarFeedToken, Minutes, MinutesRevision
from meetings.views.base import MeetingMixin, messages_from


class _MinutesMixin(MeetingMixin):
    def load_minutes(self, *, required=True):
        self.load_meeting()
        self.minutes = Minutes.objects.filter(meeting=self.meeting).first()
        if self.minutes is None and required:
            raise Http404(_("This meeting has no minutes yet."))
        return self.minutes


class MinutesEditView(_MinutesMixin, ServiceFormView):
    """Write the minutes; every save of a changed text becomes a revision. Approved minutes are read-only."""

    form_class = MinutesForm
    title = gettext_lazy("Minutes")
    success_message = gettext_lazy("Minutes saved as a new revision.")

    def setup_objects(self):
        self.load_minutes(required=False)
        self.permission = CHANGE if self.minutes else ADD
        if self.minutes is not None and self.minutes.is_locked:
            messages.info(self.request, _("Approved minutes are read-only."))
            return redirect(self.meeting_url() + "#minutes")
        return None

    def permission_target(self):
        return self.minutes or Minutes

    def permission_kwargs(self):
        return {"coalition": self.coalition}

    def get_initial(self):
        if self.minutes is None:
            return {}
        return {"text": self.minutes.text, "comments_due_on": self.minutes.comments_due_on}

    def perform(self, form):
        return services.minutes_save(actor=self.request.user, meeting=self.meeting, **form.cleaned_data)

    def get_success_url(self):
        return self.meeting_url() + "#minutes"


class MinutesCirculateView(_MinutesMixin, ServiceFormView):
    form_class = MinutesCirculateForm
    permission = CHANGE
    title = gettext_lazy("Circulate the minutes for comment")
    success_message = gettext_lazy("Minutes circulated; invitees and attendees are told by e-mail.")

    def setup_objects(self):
        self.load_minutes()

    def permission_target(self):
        return self.minutes

    def get_initial(self):
        return {"comments_due_on": self.minutes.comments_due_on}

    def perform(self, form):
        return services.minutes_circulate(actor=self.request.user, minutes=self.minutes, **form.cleaned_data)

    def get_success_url(self):
        return self.meeting_url() + "#minutes"


class MinutesApproveView(_MinutesMixin, ServiceFormView):
    form_class = MinutesApproveForm
    permission = CHANGE
    title = gettext_lazy("Approve the minutes")
    success_message = gettext_lazy("Minutes approved; they are now read-only.")

    def setup_objects(self):
        self.load_minutes()

    def permission_target(self):
        return self.minutes

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meetings": selectors.later_meetings(self.meeting)}

    def perform(self, form):
        return services.minutes_approve(
            actor=self.request.user, minutes=self.minutes, at_meeting=form.cleaned_data["approved_at_meeting"]
        )

    def get_success_url(self):
        return self.meeting_url() + "#minutes"


class MinutesRevisionsView(_MinutesMixin, TemplateView):
    """All revisions, and the comparison of any two (?old=1&new=3)."""

    template_name = "meetings/minutes_revisions.html"

    def get(self, request, *args, **kwargs):
        self.load_minutes()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        revisions = list(selectors.minutes_revisions(self.minutes))
        context.update(minutes=self.minutes, revisions=revisions, cancel_url=None)
        numbers = [r.number for r in revisions]
        data = self.request.GET if "old" in self.request.GET else None
        if data is None and len(numbers) >= 2:
            data = {"old": numbers[1], "new": numbers[0]}
        form = MinutesCompareForm(data, initial={"old": numbers[-1] if numbers else 1})
        context["compare_form"] = form
        if data is not None and form.is_valid():
            texts = dict(
                MinutesRevision.objects.filter(
                    minutes=self.minutes, number__in=[form.cleaned_data["old"], form.cleaned_data["new"]]
                ).values_list("number", "text")
            )
            missing = [n for n in (form.cleaned_data["old"], form.cleaned_data["new"]) if n not in texts]
            if missing:
                form.add_error(None, _("No revision %(n)s.") % {"n": missing[0]})
            else:
                context["diff"] = selectors.text_diff(
                    texts[form.cleaned_data["old"]], texts[form.cleaned_data["new"]]
                )
                context["old"], context["new"] = form.cleaned_data["old"], form.cleaned_data["new"]
        return context


# Calendar --------------------------------------------------------------------------------------------------


class CalendarSubscriptionView(CoalitionMixin, TemplateView):
    """Create, reset or revoke one's secret calendar URL. The URL is shown once, right after it is made."""

    template_name = "meetings/calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["token"] = (
            CalendarFeedToken.objects.live().filter(user=self.request.user, coalition=self.coalition).first()
        )
        return context

    def get(self, request, *args, **kwargs):
        if request.GET.get("action") == "revoke":  # the Stop button without JavaScript: ask first
            context = {
                "title": _("Stop your calendar address?"),
                "consequences": _(
                    "Calendars subscribed to it stop receiving the meetings; a new address can be made."
                ),
                "action_url": request.path,
                "hidden": {"action": "revoke"},
                "button": _("Stop my calendar address"),
                "cancel_url": request.path,
                "coalition": self.coalition,
                "user_role": getattr(self, "user_role", None),
            }
            return render(request, "confirm.html", context)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "revoke":
            services.feed_token_revoke(actor=request.user, coalition=self.coalition)
            messages.success(request, _("Your calendar URL no longer works."))
            return redirect("meeting-calendar", self.coalition.slug)
        _token, secret = services.feed_token_create(actor=request.user, coalition=self.coalition)
        feed_url = (
            request.build_absolute_uri(reverse("meeting-feed", args=[self.coalition.slug]))
            + f"?token={secret}"
        )
        context = self.get_context_data(feed_url=feed_url)
        return render(request, self.template_name, context)


@method_decorator(login_not_required, name="dispatch")
class CalendarFeedView(View):
    """The subscribable feed: no session, the secret token in the URL. Unknown or revoked tokens get 404."""

    def get(self, request, slug):
        user = services.feed_token_authenticate(coalition_slug=slug, secret=request.GET.get("token", ""))
        if user is None:
            raise Http404(_("No such calendar."))
        coalition = Coalition.objects.get(slug=slug)
        meetings = selectors.meetings_for_calendar(user, coalition)
        content = ical.calendar(
            meetings,
            name=_("%(coalition)s meetings") % {"coalition": coalition.short_name},
            url_for=lambda m: request.build_absolute_uri(reverse("meeting-detail", args=[slug, m.number])),
        )
        response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
        response["Cache-Control"] = "private, max-age=900"
        return response


# Notification settings -------------------------------------------------------------------------------------


class NotificationPreferencesView(CoalitionMixin, TemplateView):
    """Each person switches kinds of e-mail on or off for themselves."""

    template_name = "meetings/notification_preferences.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        current = services.notification_preferences_of(self.request.user)
        context.setdefault("form", NotificationPreferencesForm(current=current))
        context["has_email"] = bool(self.request.user.email)
        return context

    def post(self, request, *args, **kwargs):
        form = NotificationPreferencesForm(request.POST, current={})
        if form.is_valid():
            try:
                services.notification_preferences_set(
                    actor=request.user, user=request.user, enabled=form.cleaned_data
                )
            except (ValidationError, Conflict) as exc:
                for message in messages_from(exc):
                    messages.error(request, message)
            else:
                messages.success(request, _("Your notification settings are saved."))
            return redirect("meeting-notifications", self.coalition.slug)
        return self.render_to_response(self.get_context_data(form=form))
