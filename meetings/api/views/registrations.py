"""Named registrations: a delegation registers its people under its invitation, until the meeting ends."""

from coalition.api.base import ServiceModelViewSet
from meetings import services
from meetings.api.serializers import RegistrationSerializer
from meetings.filters import RegistrationFilter
from meetings.models import Registration


class RegistrationViewSet(ServiceModelViewSet):
    """The secretariat registers anyone; a delegate their own delegation's people; an invited person
    themselves. Registering answers the invitation 'attending' with as many persons as are registered."""

    queryset = Registration.objects.select_related(
        "invitation__meeting", "contact", "registered_by"
    ).order_by("invitation__meeting__starts_at", "invitation", "name")
    serializer_class = RegistrationSerializer
    filterset_class = RegistrationFilter
    create_service = services.registration_create
    update_service = services.registration_update
    delete_service = services.registration_delete
