"""Security pages: the login lockouts (staff: who is locked out, unlock), and a coalition's audit trail."""

from datetime import datetime, time

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from coalition import audit
from coalition.permissions import AUDIT
from coalition.viewmixins import CoalitionMixin


class StaffOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not (request.user.is_authenticated and request.user.is_staff and request.user.is_active):
            raise PermissionDenied(_("Only the portal's staff unlock logins."))
        return super().dispatch(request, *args, **kwargs)


class LockoutListView(StaffOnlyMixin, ListView):
    """Usernames and addresses with failed logins in the lockout window, locked ones first."""

    template_name = "coalition/lockout_list.html"
    context_object_name = "attempts"
    paginate_by = 100

    def get_queryset(self):
        since = timezone.now() - settings.AXES_COOLOFF_TIME
        return AccessAttempt.objects.filter(attempt_time__gte=since).order_by(
            "-failures_since_start", "-attempt_time"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["failure_limit"] = settings.AXES_FAILURE_LIMIT
        return context


class LockoutUnlockView(StaffOnlyMixin, View):
    """POST: forget the failures of one username/address, so they can log in again now."""

    def post(self, request, pk):
        attempt = get_object_or_404(AccessAttempt, pk=pk)
        reset(ip=attempt.ip_address, username=attempt.username)
        messages.success(
            request,
            _("Unlocked %(who)s.") % {"who": attempt.username or attempt.ip_address},
        )
        return redirect("lockout-list")


class AuditView(CoalitionMixin, TemplateView):
    """The coalition's audit trail (its secretariat): every change of its records, newest first, and the
    logins, failed logins, lockouts and token use of its users."""

    template_name = "coalition/audit.html"

    def get(self, request, *args, **kwargs):
        if not self.can(AUDIT, self.coalition):
            raise PermissionDenied(_("Only the coalition's secretariat reads its audit trail."))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        types = {audit.type_name(m): str(m._meta.verbose_name) for m in audit.audited_models()}
        errors, filters = {}, {}
        if params.get("type") in types:
            filters["types"] = {params["type"]}
        if params.get("user", "").isdigit():
            filters["user_id"] = int(params["user"])
        for name in ("since", "until"):
            if params.get(name):
                moment = parse_datetime(params[name]) or _day(params[name])
                if moment is None:
                    errors[name] = _("Give a date (2024-04-09) or a date and time.")
                else:
                    filters[name] = moment
        try:
            cursor = audit.Cursor.decode(params["cursor"]) if params.get("cursor") else None
        except ValueError:
            cursor = None
        entries, next_cursor, _last = audit.history_entries(
            coalition_ids=[self.coalition.pk],
            include_shared=False,
            newest_first=True,
            cursor=cursor,
            audit_trail=True,
            **filters,
        )
        query = params.copy()
        query.pop("cursor", None)
        context.update(
            entries=entries,
            next_cursor=next_cursor,
            query=query.urlencode(),
            types=sorted(types.items(), key=lambda item: item[1]),
            users=get_user_model()
            .objects.filter(coalition_roles__coalition=self.coalition)
            .order_by("username"),
            params=params,
            errors=errors,
            events=audit.security_events(
                coalition_id=self.coalition.pk,
                since=filters.get("since"),
                until=filters.get("until"),
                limit=50,
            ),
        )
        return context


def _day(text):
    day = parse_date(text)
    return None if day is None else timezone.make_aware(datetime.combine(day, time.min))
