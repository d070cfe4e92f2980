"""The API's filter backend: django-filter, with every record-choice filter scoped to the user."""

from django_filters.rest_framework import DjangoFilterBackend

from coalition.permissions import scope_filterset


class ScopedFilterBackend(DjangoFilterBackend):
    """`?coalition=<id of a coalition you are not in>` answers exactly as a coalition that does not exist."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        return None if filterset is None else scope_filterset(filterset, request.user)
