"""The API's error format (api.md): domain errors mapped once, never a 500 for bad input."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django_fsm import ConcurrentTransition
from django_fsm import TransitionNotAllowed as FsmTransitionNotAllowed
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from careportal.exceptions import DomainError, TransitionNotAllowed


def domain_error_body(exc: DomainError) -> dict:
    if isinstance(exc, TransitionNotAllowed):
        body: dict = {"detail": exc.full_message, "status": exc.status}
        if exc.rule:
            body["rule"] = exc.rule
        return body
    if exc.field:
        return {exc.field: [exc.full_message]}
    return {"detail": exc.full_message}


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response(domain_error_body(exc), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return Response(exc.message_dict, status=status.HTTP_400_BAD_REQUEST)
        return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ConcurrentTransition | FsmTransitionNotAllowed):
        return Response({"detail": str(exc), "status": ""}, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)
