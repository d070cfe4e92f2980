"""The Tokens page (account area): one's API tokens — create (the secret shown once), rotate, revoke — and,
for a coalition's secretariat, its users' tokens to revoke. The rules are coalition.tokens'."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from coalition import tokens
from coalition.errors import Conflict
from coalition.models import ApiToken
from coalition.viewmixins import ConfirmFirstMixin, add_service_errors


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("What it is for, e.g. ERP sync."),
    )
    scope = forms.ChoiceField(label=gettext_lazy("Scope"), choices=ApiToken.Scope.choices)
    expires_in_days = forms.IntegerField(
        label=gettext_lazy("Expires in (days)"),
        min_value=1,
        max_value=tokens.MAX_EXPIRY.days,
        required=False,
        initial=90,
        help_text=gettext_lazy("Empty: never expires."),
    )


def _page(request, form=None, new_token=None, secret=None, status=200):
    visible = list(tokens.visible_tokens(request.user))
    mine = [t for t in visible if t.user_id == request.user.pk]
    others = [t for t in visible if t.user_id != request.user.pk]
    response = TemplateResponse(
        request,
        "coalition/token_list.html",
        {
            "form": form or TokenForm(),
            "mine": mine,
            "others": others,
            "new_token": new_token,
            "secret": secret,
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"  # a secret may be on it
    return response


class TokenListView(View):
    """GET: the tokens and the form; POST: create a token, shown with its secret this once."""

    def get(self, request):
        return _page(request)

    def post(self, request):
        form = TokenForm(request.POST)
        if not form.is_valid():
            return _page(request, form=form)
        days = form.cleaned_data["expires_in_days"]
        try:
            token, secret = tokens.token_create(
                actor=request.user,
                scope=form.cleaned_data["scope"],
                name=form.cleaned_data["name"],
                expires_at=timezone.now() + timedelta(days=days) if days else None,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return _page(request, form=form)
        except Conflict as exc:
            form.add_error(None, exc.message)
            return _page(request, form=form)
        return _page(request, new_token=token, secret=secret)


class TokenRotateView(ConfirmFirstMixin, View):
    """GET: "Make a new secret …?" (what the button opens without JavaScript); POST: a new secret for one's
    own token, shown this once; the old one stops at once."""

    confirm_button = gettext_lazy("Rotate")

    def confirm_load(self):
        token = get_object_or_404(tokens.visible_tokens(self.request.user), pk=self.kwargs["pk"])
        if not tokens.can_rotate(self.request.user, token):
            raise PermissionDenied
        return token

    def confirm_texts(self, target):
        return (
            _("Make a new secret for the token %(prefix)s…?") % {"prefix": target.prefix},
            _("The old secret stops working at once: every program that uses it must be given the new one."),
        )

    def confirm_cancel_url(self, target):
        return reverse("token-list")

    def post(self, request, pk):
        token = get_object_or_404(tokens.visible_tokens(request.user), pk=pk)
        try:
            token, secret = tokens.token_rotate(actor=request.user, token=token)
        except Conflict as exc:
            messages.error(request, exc.message)
            return redirect("token-list")
        return _page(request, new_token=token, secret=secret)


class TokenRevokeView(ConfirmFirstMixin, View):
    """GET: "Revoke …?" (what the button opens without JavaScript); POST: revoke a token (one's own; the
    secretariat: its coalition's users')."""

    confirm_button = gettext_lazy("Revoke")

    def confirm_load(self):
        token = get_object_or_404(tokens.visible_tokens(self.request.user), pk=self.kwargs["pk"])
        if not tokens.can_revoke(self.request.user, token):
            raise PermissionDenied
        return token

    def confirm_texts(self, target):
        return (
            _("Revoke the token %(prefix)s… of %(owner)s?")
            % {"prefix": target.prefix, "owner": target.user.get_username()},
            _("Every program that uses it is refused from now on; a revoked token cannot be used again."),
        )

    def confirm_cancel_url(self, target):
        return reverse("token-list")

    def post(self, request, pk):
        token = get_object_or_404(tokens.visible_tokens(request.user), pk=pk)
        tokens.token_revoke(actor=request.user, token=token)
        messages.success(request, _("Token %(prefix)s… revoked.") % {"prefix": token.prefix})
        return redirect("token-list")
