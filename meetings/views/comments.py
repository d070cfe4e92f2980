"""Comments on circulated minutes, the secretariat's answers, and the delegations' agreement."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from coalition.errors import Conflict
from coalition.permissions import ADD, CHANGE, can, role_in
from coalition.viewmixins import ConfirmFirstMixin, ServiceFormView
from meetings import selectors, services
from meetings.forms import MinutesCommentAnswerForm, MinutesCommentForm
from meetings.models import Minutes, MinutesAgreement, MinutesComment
from meetings.views.base import MeetingMixin, messages_from


class _CommentsMixin(MeetingMixin):
    def load_minutes(self):
        self.load_meeting()
        self.minutes = (
            Minutes.objects.filter(meeting=self.meeting).select_related("meeting__coalition").first()
        )
        if self.minutes is None:
            raise Http404(_("This meeting has no minutes yet."))
        return self.minutes

    def comments_url(self):
        return reverse("minutes-comments", args=[self.coalition.slug, self.meeting.number])


class MinutesCommentsView(_CommentsMixin, TemplateView):
    """The circulated text paragraph by paragraph with its comments and answers, and who responded."""

    template_name = "meetings/minutes_comments.html"

    def get(self, request, *args, **kwargs):
        self.load_minutes()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        minutes = self.minutes
        comments = list(selectors.comments_of(minutes))
        rows, general = selectors.minutes_paragraphs(minutes, comments)
        role = role_in(user, self.coalition.pk)
        own = role.participant if role is not None and role.kind == "delegate" else None
        agreement = (
            MinutesAgreement.objects.filter(minutes=minutes, participant=own)
            .select_related("revision")
            .first()
            if own
            else None
        )
        is_open = services.comments_open(minutes)
        context.update(
            minutes=minutes,
            rows=rows,
            general=general,
            responses=selectors.minutes_responses(minutes),
            is_open=is_open,
            can_comment=is_open
            and can(user, ADD, MinutesComment, coalition=self.coalition, owner=own or None)
            and (own is not None or can(user, CHANGE, minutes)),
            can_answer=can(user, CHANGE, minutes) and minutes.status != Minutes.Status.APPROVED,
            own=own,
            agreement=agreement,
            latest_revision=minutes.latest_revision_number,
            cancel_url=self.meeting_url() + "#minutes",
        )
        return context


class MinutesCommentCreateView(_CommentsMixin, ServiceFormView):
    """A delegate comments for their delegation; the secretariat records a comment received otherwise.
    Observers are refused before the form (403), as the service would refuse them."""

    form_class = MinutesCommentForm
    permission = ADD
    title = gettext_lazy("Comment on the minutes")
    success_message = gettext_lazy("Comment sent to the secretariat.")

    def setup_objects(self):
        self.load_minutes()

    def permission_target(self):
        return MinutesComment

    def permission_kwargs(self):
        coalition_id = self.meeting.coalition_id
        role = role_in(self.request.user, coalition_id)
        own = role.participant if role is not None and role.kind == "delegate" else None
        return {"coalition": coalition_id, "owner": own}

    def get_initial(self):
        paragraph = self.request.GET.get("paragraph", "")
        return {"paragraph": int(paragraph)} if paragraph.isdigit() else {}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.meeting}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subject"] = str(self.minutes)
        context["cancel_url"] = self.comments_url()
        return context

    def perform(self, form):
        return services.minutes_comment_create(
            actor=self.request.user, minutes=self.minutes, **form.cleaned_data
        )

    def get_success_url(self):
        return self.comments_url() + f"#comment-{self.object.pk}"


class MinutesCommentEditView(_CommentsMixin, ServiceFormView):
    form_class = MinutesCommentForm
    permission = CHANGE
    title = gettext_lazy("Change the comment")
    success_message = gettext_lazy("Comment changed.")

    def setup_objects(self):
        self.load_minutes()
        self.comment = get_object_or_404(
            MinutesComment.objects.filter(minutes=self.minutes), pk=self.kwargs["pk"]
        )

    def permission_target(self):
        return self.comment

    def get_initial(self):
        return {"text": self.comment.text}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.meeting, "editing": True}

    def perform(self, form):
        return services.minutes_comment_update(
            actor=self.request.user, comment=self.comment, **form.cleaned_data
        )

    def get_success_url(self):
        return self.comments_url() + f"#comment-{self.comment.pk}"


class MinutesCommentAnswerView(_CommentsMixin, ServiceFormView):
    form_class = MinutesCommentAnswerForm
    permission = CHANGE
    title = gettext_lazy("Answer the comment")
    success_message = gettext_lazy("Answer recorded.")

    def setup_objects(self):
        self.load_minutes()
        self.comment = get_object_or_404(
            MinutesComment.objects.filter(minutes=self.minutes), pk=self.kwargs["pk"]
        )

    def permission_target(self):
        return self.minutes

    def get_initial(self):
        return {
            "answer": self.comment.answer,
            "incorporate": self.comment.status == MinutesComment.Status.INCORPORATED,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        where = (
            _("paragraph %(n)s") % {"n": self.comment.paragraph}
            if self.comment.paragraph
            else _("whole text")
        )
        context["subject"] = f"{where}: {self.comment.text}"
        context["cancel_url"] = self.comments_url()
        return context

    def perform(self, form):
        return services.minutes_comment_answer(
            actor=self.request.user, comment=self.comment, **form.cleaned_data
        )

    def get_success_url(self):
        return self.comments_url() + f"#comment-{self.comment.pk}"


class _CommentsActionView(_CommentsMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.load_minutes()
        try:
            self.perform()
        except (ValidationError, Conflict) as exc:
            for message in messages_from(exc):
                messages.error(request, message)
        return redirect(self.comments_url())


class MinutesCommentDeleteView(ConfirmFirstMixin, _CommentsActionView):
    confirm_button = gettext_lazy("Withdraw")

    def confirm_load(self):
        self.load_minutes()
        comment = get_object_or_404(MinutesComment.objects.filter(minutes=self.minutes), pk=self.kwargs["pk"])
        if not can(self.request.user, "delete", comment):
            raise PermissionDenied(_("You do not have permission to do this."))
        return comment

    def confirm_texts(self, target):
        return (_("Withdraw your comment on the minutes?"), _("Delete this for good? It cannot be undone."))

    def confirm_cancel_url(self, target):
        return self.comments_url()

    def perform(self):
        comment = self.confirm_load()
        services.minutes_comment_delete(actor=self.request.user, comment=comment)
        messages.success(self.request, _("Comment withdrawn."))


class MinutesAgreeView(_CommentsActionView):
    def perform(self):
        agreement = services.minutes_agree(actor=self.request.user, minutes=self.minutes)
        messages.success(
            self.request,
            _("Recorded: %(delegation)s agrees with revision %(n)s of the minutes.")
            % {"delegation": agreement.participant.name, "n": agreement.revision.number},
        )
