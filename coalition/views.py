"""Registry pages. Views are configuration: rules live in services, reads in selectors."""

import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.forms import HiddenInput
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.defaults import bad_request as default_bad_request
from django.views.defaults import page_not_found
from django.views.defaults import server_error as default_server_error
from django.views.generic import DetailView, ListView, TemplateView
from django.views.i18n import set_language as django_set_language
from django_filters.views import FilterView

from coalition import outages, selectors, services
from coalition.api.problems import api_bad_request, api_not_found, api_server_error
from coalition.filters import ParticipantFilter
from coalition.forms import (
    CoalitionForm,
    ExpertGroupForm,
    MembershipEndForm,
    MembershipForm,
    MembershipRoleChangeForm,
    ParticipantForm,
)
from coalition.models import ExpertGroup, Membership, Participant, RegistryProposal
from coalition.permissions import ADD, CHANGE, can
from coalition.viewmixins import CoalitionMixin, HtmxPartialMixin, ServiceFormView


def home(request):
    """The start page: "My work" for each coalition the user holds a role in, then the coalitions."""
    from coalition.mywork import my_work

    coalitions = list(selectors.coalitions_for(request.user))
    work = my_work(request.user)
    if not work and len(coalitions) == 1:
        return redirect("coalition-home", slug=coalitions[0].slug)
    context = {"coalitions": coalitions, "work": work, "today": timezone.localdate()}
    if len(coalitions) == 1:  # its pages in the menu, as on the coalition's own pages
        context["coalition"] = coalitions[0]
    return render(request, "coalition/my_work.html", context)


def not_found(request, exception=None):
    if request.path_info.startswith("/api/"):
        return api_not_found(request, exception)
    return page_not_found(request, exception)


def server_error(request):
    # Called inside the handler's `except`: a database that cannot be reached is an outage, not a bug.
    exc = sys.exc_info()[1]
    if isinstance(exc, outages.DATABASE_OUTAGE_ERRORS):
        return outages.unavailable_response(request)
    if request.path_info.startswith("/api/"):
        return api_server_error(request)
    return default_server_error(request)


def bad_request(request, exception=None):
    """Django's 400 (e.g. a request it refuses as suspicious): problem details on the API."""
    if isinstance(exception, RequestDataTooBig):
        return outages.too_large_response(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    if request.path_info.startswith("/api/"):
        return api_bad_request(request, exception)
    return default_bad_request(request, exception)


class CoalitionHomeView(CoalitionMixin, TemplateView):
    template_name = "coalition/coalition_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        grouped = selectors.members_by_role(self.coalition)
        context["roles"] = [(value, label, grouped[value]) for value, label in Membership.Role.choices]
        context["memberships"] = [m for _value, _label, members in context["roles"] for m in members]
        context["expert_groups"] = selectors.expert_groups_for(self.coalition)
        context["can_edit"] = self.can(CHANGE, self.coalition)
        return context


class ParticipantListView(CoalitionMixin, HtmxPartialMixin, FilterView):
    filterset_class = ParticipantFilter
    template_name = "coalition/participant_list.html"
    partial_template_name = "coalition/_participant_table.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.participants_with_role(self.request.user, self.coalition)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["data"] = self.request.GET.copy()
        kwargs["data"]["coalition"] = str(self.coalition.pk)  # the page's coalition, not a choice
        return kwargs

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        filterset.form.fields["coalition"].widget = HiddenInput()  # given by the page, not chosen
        return filterset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = can(self.request.user, ADD, Participant)
        context["can_add_membership"] = self.can(ADD, Membership)
        context["can_propose"] = self.can(ADD, RegistryProposal)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        return context


class ParticipantDetailView(DetailView):
    template_name = "coalition/participant_detail.html"
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_queryset(self):
        return Participant.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["memberships"] = selectors.participant_memberships(self.request.user, self.object)
        context["expert_groups"] = (
            ExpertGroup.objects.visible_to(self.request.user)
            .filter(members=self.object)
            .select_related("coalition")
        )
        context["can_edit"] = can(self.request.user, CHANGE, self.object)
        context["propose_in"] = selectors.coalitions_proposing_for(self.request.user)
        return context


class ExpertGroupDetailView(CoalitionMixin, DetailView):
    template_name = "coalition/expert_group_detail.html"
    context_object_name = "group"

    def get_queryset(self):
        return selectors.expert_groups_for(self.coalition)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = self.can(CHANGE, self.object)
        return context


class CoalitionListView(ListView):
    template_name = "coalition/coalition_list.html"
    context_object_name = "coalitions"

    def get_queryset(self):
        return selectors.coalitions_for(self.request.user)


# Forms -----------------------------------------------------------------------------------------------------


class CoalitionEditView(CoalitionMixin, ServiceFormView):
    form_class = CoalitionForm
    permission = CHANGE
    title = gettext_lazy("Edit coalition")

    def permission_target(self):
        return self.coalition

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.coalition}

    def perform(self, form):
        return services.coalition_update(
            actor=self.request.user, coalition=self.coalition, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("coalition-home", args=[self.object.slug])


class ParticipantCreateView(ServiceFormView):
    form_class = ParticipantForm
    permission = ADD
    title = gettext_lazy("Add participant")

    def permission_target(self):
        return Participant

    def perform(self, form):
        return services.participant_create(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return reverse("participant-detail", args=[self.object.code])


class ParticipantEditView(ServiceFormView):
    form_class = ParticipantForm
    permission = CHANGE
    title = gettext_lazy("Edit participant")

    def setup_objects(self):
        self.participant = get_object_or_404(
            Participant.objects.visible_to(self.request.user), code=self.kwargs["code"]
        )

    def permission_target(self):
        return self.participant

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.participant}

    def perform(self, form):
        return services.participant_update(
            actor=self.request.user, participant=self.participant, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("participant-detail", args=[self.object.code])


class MembershipCreateView(CoalitionMixin, ServiceFormView):
    form_class = MembershipForm
    permission = ADD
    title = gettext_lazy("Add membership")

    def permission_target(self):
        return Membership

    def permission_kwargs(self):
        return {"coalition": self.coalition}

    def get_initial(self):
        initial = super().get_initial()
        if "participant" in self.request.GET:
            initial["participant"] = self.request.GET["participant"]
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "coalition": self.coalition}

    def perform(self, form):
        return services.membership_create(
            actor=self.request.user, coalition=self.coalition, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("participant-list", args=[self.coalition.slug])


class _MembershipActionView(CoalitionMixin, ServiceFormView):
    permission = CHANGE

    def setup_objects(self):
        self.membership = get_object_or_404(
            Membership.objects.filter(coalition__slug=self.kwargs["slug"])
            .visible_to(self.request.user)
            .select_related("participant", "coalition"),
            pk=self.kwargs["pk"],
        )

    def permission_target(self):
        return self.membership

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subject"] = self.membership
        return context

    def get_success_url(self):
        return reverse("participant-detail", args=[self.membership.participant.code])


class MembershipChangeRoleView(_MembershipActionView):
    form_class = MembershipRoleChangeForm
    title = gettext_lazy("Change role")
    success_message = gettext_lazy("Role changed; the earlier role is kept in the history.")

    def perform(self, form):
        return services.membership_change_role(
            actor=self.request.user, membership=self.membership, **form.cleaned_data
        )


class MembershipEndView(_MembershipActionView):
    form_class = MembershipEndForm
    title = gettext_lazy("End membership")
    success_message = gettext_lazy("Membership ended.")

    def perform(self, form):
        return services.membership_end(
            actor=self.request.user, membership=self.membership, **form.cleaned_data
        )


class ExpertGroupCreateView(CoalitionMixin, ServiceFormView):
    form_class = ExpertGroupForm
    permission = ADD
    title = gettext_lazy("Add expert group")

    def permission_target(self):
        return ExpertGroup

    def permission_kwargs(self):
        return {"coalition": self.coalition}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "coalition": self.coalition}

    def perform(self, form):
        return services.expert_group_create(
            actor=self.request.user, coalition=self.coalition, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("expert-group-detail", args=[self.coalition.slug, self.object.pk])


class ExpertGroupEditView(ExpertGroupCreateView):
    permission = CHANGE
    title = gettext_lazy("Edit expert group")

    def setup_objects(self):
        self.group = get_object_or_404(
            ExpertGroup.objects.visible_to(self.request.user).filter(coalition__slug=self.kwargs["slug"]),
            pk=self.kwargs["pk"],
        )

    def permission_target(self):
        return self.group

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.group}

    def perform(self, form):
        return services.expert_group_update(
            actor=self.request.user, expert_group=self.group, **form.cleaned_data
        )


def set_language(request):
    """Django's switcher, and the choice kept in the user's profile so that it follows them to any browser."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.method == "POST" and language in dict(settings.LANGUAGES):
        services.preferred_language_set(actor=request.user, language=language)
    return response
