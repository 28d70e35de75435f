from functools import lru_cache

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    """`seek_consent` → `Seek consent`; `reminder:agreement.ending` → `Reminder: agreement ending`."""
    text = str(action).replace("_", " ").replace(".", " ").replace(":", ": ")
    return text[:1].upper() + text[1:]


@lru_cache(maxsize=64)
def _status_names(object_type: str) -> dict[str, str]:
    try:
        field = apps.get_model(object_type)._meta.get_field("status")
    except (LookupError, ValueError, FieldDoesNotExist):
        return {}
    return {str(value): str(label) for value, label in (field.choices or ())}


@register.filter
def status_name(status: str, object_type: str) -> str:
    """A status as people read it (`awaiting_supervisor` → `Awaiting supervisor`): the label of the
    record's own status choices, never the stored code."""
    name = _status_names(str(object_type)).get(str(status))
    return name if name is not None else action_label(status)
