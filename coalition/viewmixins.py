"""Building blocks of every page: coalition scope, permission checks, forms that call services."""

import logging

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from coalition.errors import Conflict, Unavailable
from coalition.models import Coalition
from coalition.permissions import can, role_in, scope_filterset

log = logging.getLogger(__name__)


def add_service_errors(form, exc: ValidationError, *, only_new: bool = False) -> None:
    """Show a service's ValidationError on the form: beside its field when the form has one.

    `only_new`: a field that already has an error is left as it is (the service saw no value for it) and
    a message the form already shows is not repeated."""
    if not only_new:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                target = field if field in form.fields else None
                for error in errors:
                    form.add_error(target, error.messages if field != NON_FIELD_ERRORS else error)
        else:
            form.add_error(None, exc)
        return
    items = exc.error_dict.items() if hasattr(exc, "error_dict") else [(NON_FIELD_ERRORS, exc.error_list)]
    for field, errors in items:
        target = field if field in form.fields else None
        key = target or NON_FIELD_ERRORS
        if only_new and target is not None and target in form.errors:
            continue
        for error in errors:
            for message in error.messages:
                if only_new and message in form.errors.get(key, []):
                    continue
                form.add_error(target, message)


class CoalitionMixin:
    """Resolves `self.coalition` from the URL's slug among the coalitions the user belongs to (else 404)."""

    def dispatch(self, request, *args, **kwargs):
        self.coalition = get_object_or_404(
            Coalition.objects.visible_to(request.user).select_related("beneficiary"),
            slug=kwargs["slug"],
        )
        self.user_role = role_in(request.user, self.coalition.pk)
        return super().dispatch(request, *args, **kwargs)

    def can(self, action, target, **kwargs):
        kwargs.setdefault("coalition", self.coalition)
        return can(self.request.user, action, target, **kwargs)

    def get_filterset(self, filterset_class):
        """A list page's filters offer only what the user may see (no probing other coalitions by id)."""
        return scope_filterset(super().get_filterset(filterset_class), self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["coalition"] = self.coalition
        context["user_role"] = self.user_role
        context["is_secretariat"] = self.request.user.is_superuser or (
            self.user_role is not None and self.user_role.kind == "secretariat"
        )
        return context


class HtmxPartialMixin:
    """An htmx request gets only the partial (e.g. a list's table); every page works without JavaScript."""

    partial_template_name = None

    def get_template_names(self):
        if self.partial_template_name and getattr(self.request, "htmx", False):
            return [self.partial_template_name]
        return super().get_template_names()


class ServiceFormView(FormView):
    """A form whose valid data goes to a service. The service's ValidationError becomes form errors.

    Subclasses set `form_class`, `permission` (action) and implement `permission_target()`,
    `perform(form)` (calls the service and returns the saved object) and `get_success_url()`.
    """

    template_name = "form.html"
    permission = None
    success_message = _("Saved.")
    title = ""
    cancel_url = None

    def permission_target(self):
        raise NotImplementedError

    def permission_kwargs(self):
        return {}

    def dispatch(self, request, *args, **kwargs):
        response = self.setup_objects()
        if response is not None:
            return response
        if not can(request.user, self.permission, self.permission_target(), **self.permission_kwargs()):
            raise PermissionDenied(_("You do not have permission to do this."))
        return super().dispatch(request, *args, **kwargs)

    def setup_objects(self):
        """Load what the form works on (404 if hidden). Return a response to stop early."""
        return None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    # Issue 13 item 5: a form with errors still runs its service on the fields it could read, so the
    # service's rules show in the same answer (set False where a dry run makes no sense).
    check_service_on_invalid = True

    def form_invalid(self, form):
        if self.check_service_on_invalid and self.request.method == "POST" and form.errors:
            self.check_service(form)
        return super().form_invalid(form)

    def check_service(self, form) -> None:
        """Dry run of `perform` with the form's readable fields, in a transaction that is rolled back (its
        after-commit work, e-mails and queued jobs, is dropped with it): the service's ValidationErrors are
        added to the form's own. Anything else the dry run meets (a value it needed was missing) is ignored;
        the real submit will check everything again."""
        if getattr(form, "_service_checked", False):
            return
        form._service_checked = True
        errors = None
        try:
            with transaction.atomic():
                try:
                    self.perform(form)
                except ValidationError as exc:
                    errors = exc
                finally:
                    transaction.set_rollback(True)
        except Exception as exc:  # a dry run must never break the page
            log.debug("dry run of %s skipped: %r", type(self).__name__, exc)
        if errors is not None:
            add_service_errors(form, errors, only_new=True)

    def form_valid(self, form):
        form._service_checked = True  # the service runs for real here: no dry run on its errors
        try:
            self.object = self.perform(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        except (Conflict, Unavailable) as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("title", self.title)
        context.setdefault("cancel_url", self.cancel_url)
        return context


class ConfirmFirstMixin:
    """A delete, withdraw or remove button asks first, with or without JavaScript (issue 13 item 5).

    The button's form is a GET to the action's URL: without JavaScript it opens this confirmation page ("Are
    you sure …?" and what follows), which changes nothing; its button POSTs the action. With JavaScript the
    dialog asks and POSTs directly. The view implements `confirm_load()` (loads the target and checks the
    permission exactly as its POST does: 404, 403) and `confirm_texts(target)` -> (question, consequences),
    and `confirm_cancel_url(target)`.
    """

    http_method_names = ["get", "post"]
    confirm_template_name = "confirm.html"
    confirm_button = gettext_lazy("Delete")

    # confirm_load(), confirm_texts(target) and confirm_cancel_url(target) come from the view (or a base
    # view after this mixin, e.g. meetings' ServiceActionView): no placeholders here to shadow them.

    def get(self, request, *args, **kwargs):
        target = self.confirm_load()
        question, consequences = self.confirm_texts(target)
        coalition = getattr(self, "coalition", None)
        context = {
            "title": question,
            "consequences": consequences,
            "action_url": request.path,
            "button": self.confirm_button,
            "cancel_url": self.confirm_cancel_url(target),
            "coalition": coalition,
            "user_role": getattr(self, "user_role", None),
        }
        return TemplateResponse(request, self.confirm_template_name, context)
