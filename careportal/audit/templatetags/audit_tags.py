from django import template

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    """`seek_consent` → `Seek consent`; `reminder:agreement.ending` → `Reminder: agreement ending`."""
    text = str(action).replace("_", " ").replace(".", " ").replace(":", ": ")
    return text[:1].upper() + text[1:]
