"""The domain exceptions. Services raise them; views and the API map them once.

Every message is Chinese and tells the user what to do next.
"""

from __future__ import annotations


class ApplicationError(Exception):
    """An error a user can cause; ``message`` is shown to them as it is."""

    status_code = 400
    code = "invalid"

    def __init__(self, message: str, *, extra: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class ValidationError(ApplicationError):
    code = "invalid"


class PermissionDenied(ApplicationError):
    status_code = 403
    code = "forbidden"


class NotFound(ApplicationError):
    """Raised alike for a missing object and for one the user may not see."""

    status_code = 404
    code = "not_found"

    def __init__(
        self, message: str = "找不到该对象，或您无权查看。", **kwargs: object
    ) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]


class InvalidTransition(ApplicationError):
    status_code = 409
    code = "invalid_transition"


class Conflict(ApplicationError):
    status_code = 409
    code = "conflict"
