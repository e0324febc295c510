"""Domain errors raised by services and translated by the UI and the API.

Each error carries a stable machine-readable `code` for API clients, a Swedish
message for people, and optionally the form field it concerns.
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A request the rules refuse; nothing has been written."""

    status = 400
    code = "invalid"

    def __init__(self, message, *, code: str | None = None, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field
        if code:
            self.code = code


class InvalidInput(DomainError):
    status = 400
    code = "invalid"


class NotFound(DomainError):
    """Out of scope or absent: the answer must not tell which."""

    status = 404
    code = "not_found"

    def __init__(self, message=None, **kwargs):
        super().__init__(message or _("Hittades inte."), **kwargs)


class PermissionDenied(DomainError):
    status = 403
    code = "forbidden"


class TransitionNotAllowed(DomainError):
    status = 409
    code = "transition_not_allowed"


class ConcurrentChange(DomainError):
    status = 409
    code = "concurrent_change"

    def __init__(self, message=None, **kwargs):
        super().__init__(
            message or _("Ärendet har ändrats av någon annan. Ladda om sidan och försök igen."),
            **kwargs,
        )
