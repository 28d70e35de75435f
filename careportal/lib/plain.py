"""Plain words for people: a rule's id (R-139-2, QA-D1) never in the main text of a message, but behind a
"Why?" disclosure beside it. Services write their messages for both audiences; the API gives the id in
its own `rule` member, the portal shows it with `explained()`."""

from __future__ import annotations

import re

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

_ID = r"(?:R-(?:[A-Z]+|\d+)-\d+|QA-D\d+)"
_IDS = rf"{_ID}(?:(?:,\s*|\s+and\s+){_ID})*"
# "(R-140-1)" or "(R-139-1, R-AGE-3)" after the words; "R-ALL-2, R-139-2: …" before them.
_BRACKETED = re.compile(rf"\s*\(({_IDS})\)")
_LEADING = re.compile(rf"({_IDS}):\s*(\w?)")
_BARE = re.compile(_ID)


class Explained(str):
    """A message in plain words (`str` of it, escaped like any text) with the rule ids it follows, shown by
    templates as `{{ error }}{{ error.why }}`; survives Django's ValidationError as SafeString does."""

    rules: tuple[str, ...]

    def __new__(cls, text: str, rules: tuple[str, ...] = ()) -> Explained:
        made = super().__new__(cls, text)
        made.rules = rules
        return made

    def __str__(self) -> str:
        return self

    @property
    def why(self) -> SafeString:
        """The "Why?" disclosure naming the rules, or nothing."""
        if not self.rules:
            return SafeString("")
        names = format_html_join(", ", "<code>{}</code>", ((rule,) for rule in self.rules))
        return format_html(
            '<details class="why"><summary>Why?</summary><p>This follows {} in the portal\'s rule book, '
            "which gives the law behind each rule.</p></details>",
            names,
        )

    def html(self) -> SafeString:
        """The words and the disclosure as one piece of HTML (for a message, which keeps no attributes)."""
        return format_html("{}{}", str.__str__(self), self.why)


def explained(message: str, rule: str = "") -> Explained:
    """`message` without its rule ids, and those ids (and `rule`) for the disclosure, in order, once."""
    found: list[str] = []

    def take(match: re.Match[str]) -> str:
        found.extend(_BARE.findall(match.group(1)))
        return ""

    text = _LEADING.sub(lambda m: take(m) + m.group(2).upper(), _BRACKETED.sub(take, message))
    found.extend(_BARE.findall(text))  # an id left in a sentence: kept in the words, listed too
    if rule:
        found.extend(_BARE.findall(rule) or [rule])
    text = re.sub(r"\s+([.,;:])(?=\s|$)", r"\1", text).strip()  # a space left before a full stop, not ".png"
    return Explained(text, tuple(dict.fromkeys(found)))
