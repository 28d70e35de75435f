"""The one domain exception family.

Services and rules raise these; the DRF exception handler (careportal.api.handlers) maps them once to
HTTP statuses, and the portal (careportal.portal.run_action) maps them once to form errors / messages.
"""

from __future__ import annotations

from collections.abc import Container


class DomainError(Exception):
    """Base of every business-rule failure; carries the rule id it enforces."""

    status_code = 400

    def __init__(self, message: str, *, rule: str = "", field: str | None = None) -> None:
        self.message = message
        self.rule = rule
        self.field = field
        super().__init__(self.full_message)

    @property
    def full_message(self) -> str:
        if self.rule and self.rule not in self.message:
            return f"{self.message} ({self.rule})"
        return self.message


class RuleViolation(DomainError):
    """Input breaks a statute or process rule: a 400 on `field` (or `detail` when no field)."""

    status_code = 400


class TransitionNotAllowed(DomainError):
    """A transition is not possible from the current state or its condition is unmet: a 409."""

    status_code = 409

    def __init__(self, message: str, *, status: str, rule: str = "", field: str | None = None) -> None:
        self.status = status
        super().__init__(message, rule=rule, field=field)


class ConditionUnmet(TransitionNotAllowed):
    """A transition's condition is unmet (a 409 naming the rule), found by a pure rule that has no record:
    the service holding the record gives the current status with `in_status()` before it propagates."""

    def __init__(self, message: str, *, rule: str, field: str | None = None, status: str = "") -> None:
        super().__init__(message, status=status, rule=rule, field=field)

    def in_status(self, status: str) -> ConditionUnmet:
        self.status = status
        return self


def require_status(status: str, allowed: Container[str], message: str, *, rule: str = "") -> None:
    """A 409 naming the current `status` unless it is one of `allowed` (an action open only in some states)."""
    if status not in allowed:
        raise TransitionNotAllowed(message, status=status, rule=rule)


class NotPermitted(DomainError):
    """The user is signed in but may not do this: a 403."""

    status_code = 403
