"""Forms of comments on minutes and of the secretariat's answers."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coalition.models import Participant
from coalition.permissions import role_in

__all__ = ["MinutesCommentAnswerForm", "MinutesCommentForm"]


class MinutesCommentForm(forms.Form):
    paragraph = forms.IntegerField(
        label=_("Paragraph"), min_value=1, required=False, help_text=_("Empty: a comment on the whole text.")
    )
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    participant = forms.ModelChoiceField(
        label=_("On behalf of the delegation"),
        queryset=Participant.objects.none(),
        required=False,
        help_text=_("For a comment received by e-mail or at the table."),
    )

    def __init__(self, *args, user=None, meeting=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        role = role_in(user, meeting.coalition_id) if user is not None else None
        if editing:
            del self.fields["paragraph"]
        if editing or (role is not None and role.kind == "delegate"):
            del self.fields["participant"]  # a delegate speaks for their own delegation
        else:
            invited = meeting.invitations.filter(participant__isnull=False).values("participant_id")
            present = meeting.attendances.values("participant_id")
            self.fields["participant"].queryset = Participant.objects.filter(
                Q(pk__in=invited) | Q(pk__in=present)
            ).order_by("name")


class MinutesCommentAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )
    incorporate = forms.BooleanField(
        label=_("Incorporate it in the next revision"),
        required=False,
        help_text=_("The next saved revision of the minutes is recorded on the comment."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
