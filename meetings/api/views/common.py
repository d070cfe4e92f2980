"""Helpers shared by the meetings endpoints."""


def payload(serializer_class, request, **context):
    """The validated body of an action (400 problem details naming each bad field)."""
    serializer = serializer_class(data=request.data, context={"request": request, **context})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
