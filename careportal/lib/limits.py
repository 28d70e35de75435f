"""How much a person may type or send, in one place.

Model fields take these as `max_length`, so ModelForms and ModelSerializers inherit them; plain forms and
the input serializers of transitions (reasons, outcomes, notes) use the same names. PostgreSQL does not
enforce a TextField's max_length, so existing longer text stays readable; it is refused only when saved
again through a form or the API (a 400 on the field, never a database error).
"""

from __future__ import annotations

NAME = 200  # a person's or organisation's name, a title, who gave consent
SHORT_TEXT = 200  # a one-line answer (a service type)
REFERENCE = 100  # a reference given by someone else (a Gazette notice)
REASON = 4000  # a reason, outcome, comment or note given with a change
TEXT = 8000  # a section of an agreement, referral or application; an organisation's response
LONG_TEXT = 20000  # a QA narrative, finding, report summary or evidence note

MAX_PARTIES = 20  # parties named on one agreement (te tamaiti's own party, R-140-4, comes on top)
JSON_MAX_DEPTH = 32  # nesting of an API request body; no body the API accepts needs more than 4


def hint(max_length: int) -> str:
    """The help text a text box shows ("Up to 4,000 characters.")."""
    return f"Up to {max_length:,} characters."
