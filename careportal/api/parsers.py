"""Request body parsers for the API: bounded nesting and size, every refusal a JSON answer (never a 500).

Python's JSON decoder recurses per level, so `[[[[…]]]]` thousands deep raised RecursionError (a 500).
A JSON or form body over DATA_UPLOAD_MAX_MEMORY_SIZE is refused by Django as DRF reads it (answered as
JSON by careportal.errors.bad_request); a multipart body is streamed, so its cap is checked here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError

from careportal.lib.limits import JSON_MAX_DEPTH


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "request_too_large"


def _refuse_if_longer(parser_context: Mapping[str, Any] | None, limit: int) -> None:
    request = (parser_context or {}).get("request")
    meta = getattr(request, "META", {})
    try:
        length = int(meta.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        raise RequestTooLarge(f"The request body is too large: at most {limit:,} bytes.")


def depth(data: Any) -> int:
    """How deeply lists and objects nest in parsed JSON, walked without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, level)
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, level + 1) for child in children if isinstance(child, dict | list))
    return deepest


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing more than JSON_MAX_DEPTH levels of nesting."""

    def parse(
        self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        too_deep = ParseError(f"JSON parse error - nested more than {JSON_MAX_DEPTH} levels deep.")
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:  # deeper than the interpreter can decode: certainly past the limit
            raise too_deep from exc
        if depth(data) > JSON_MAX_DEPTH:
            raise too_deep
        return data


class FormParser(parsers.FormParser):
    def parse(
        self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        return _django_limits(super().parse, stream, media_type, parser_context)


class MultiPartParser(parsers.MultiPartParser):
    """Uploads: the file cap (MAX_UPLOAD_BYTES) plus room for the other fields."""

    def parse(
        self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        _refuse_if_longer(parser_context, settings.MAX_UPLOAD_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return _django_limits(super().parse, stream, media_type, parser_context)


def _django_limits(parse: Any, *args: Any) -> Any:
    """Django's own limits (too many fields, fields too big) as JSON answers."""
    try:
        return parse(*args)
    except RequestDataTooBig as exc:
        raise RequestTooLarge() from exc
    except TooManyFieldsSent as exc:
        raise ParseError("Too many fields in the request.") from exc
