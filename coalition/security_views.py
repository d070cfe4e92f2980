"""Staff pages of the login lockout: who is locked out, and unlocking them."""

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView


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
