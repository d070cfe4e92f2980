"""Domain errors that services raise beside Django's ValidationError and PermissionDenied."""


class Conflict(Exception):
    """The request is valid but the current state forbids it (answered as 409 by the API).

    `code` names a registered problem type (coalition.api.problems), e.g. "illegal-transition".
    """

    def __init__(self, message, code=None):
        super().__init__(message)
        self.message = message
        self.code = code


class Unavailable(Exception):
    """A service the request needs (e.g. the job queue) is unreachable; nothing was lost (answered 503)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message
