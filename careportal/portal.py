"""Portal helpers shared by every app's views: run a service and turn domain errors into messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from careportal.exceptions import DomainError


def run_action(
    request: HttpRequest,
    service: Callable[..., Any],
    *,
    form: forms.Form | None = None,
    success: str = "",
    **kwargs: Any,
) -> Any | None:
    """Call `service(**kwargs)`; show a domain error beside its form field (or as a message), return None."""
    try:
        result = service(**kwargs)
    except DomainError as exc:
        field = exc.field if form is not None and exc.field in getattr(form, "fields", {}) else None
        if form is not None:
            form.add_error(field, exc.full_message)
        else:
            messages.error(request, exc.full_message)
        return None
    if success:
        messages.success(request, success)
    return result
