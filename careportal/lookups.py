"""Look-ups: a long choice list (tamariki, organisations, providers) chosen by typing, not from a
`<select>` of every row (careportal.widgets.LookupWidget draws the field; static/js/lookup.js the combobox).

Each app declares its kinds in its contributions (`lookups`), each with the records a user may see and
choose (R-PRIV-1), how to find the best matches for what was typed, and how to show one. The one JSON
endpoint, `POST /lookup/<kind>/`, answers the combobox. The typed text goes in the body, never in the
URL, since it can be part of a child's name (R-PRIV-2), and a list that shows tamariki is a view of each
one shown (R-PRIV-3).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from careportal.audit.services import audit_list_view
from careportal.contributions import Scope, lookups
from careportal.lib.actor import actor_of
from careportal.search import best_first

LIMIT = 20  # matches shown at most, in the combobox and in the fallback's short list
MIN_CHARS = 2  # fewer typed characters match nothing (a single letter matches half the country)
MAX_CHARS = 100


@dataclass(frozen=True)
class Option:
    """One match as the user sees it: a label (a name) and a detail (a reference, a date of birth)."""

    id: str
    label: str
    detail: str = ""

    @property
    def text(self) -> str:
        return f"{self.label} · {self.detail}" if self.detail else self.label

    def as_json(self) -> dict[str, str]:
        return {"id": self.id, "label": self.label, "detail": self.detail}


class Matcher(Protocol):
    """The keys of the best matches for `q` among `records`, best first, at most `limit`."""

    def __call__(self, records: models.QuerySet, q: str, limit: int, /) -> Sequence[Any]: ...


@dataclass(frozen=True)
class Lookup:
    """A kind of record chosen by typing. `choices` is what the user may see and choose (R-PRIV-1);
    `match` finds among some records; `option` shows one, reading only `columns`; `audited` makes each
    answer a list view of the records shown (R-PRIV-3, tamariki)."""

    noun: str  # plural, for "3 tamariki match"
    choices: Scope
    match: Matcher
    option: Callable[[Any], Option]
    columns: tuple[str, ...]
    audited: bool = False

    def options(self, records: models.QuerySet, q: str, limit: int = LIMIT) -> list[Option]:
        """The best matches for `q` among `records` (the user's `choices`, or a form field's own
        narrower queryset), best first, at most `limit`: two narrow queries."""
        q = " ".join(q.split())[:MAX_CHARS]
        if len(q) < MIN_CHARS:
            return []
        keys = list(self.match(records, q, limit))
        if not keys:
            return []
        found = {row.pk: row for row in records.filter(pk__in=keys).only(*self.columns)}
        return [self.option(found[key]) for key in keys if key in found]

    def option_for(self, records: models.QuerySet, key: Any) -> Option | None:
        """The chosen record shown, if it is among `records` (one query); None for anything else."""
        try:
            row = records.only(*self.columns).filter(pk=key).first()
        except (ValueError, TypeError, ValidationError):  # a malformed key (not a UUID) is no choice
            return None
        return self.option(row) if row is not None else None


def lookup(kind: str) -> Lookup:
    """The kind `kind` as an app declared it (careportal.contributions)."""
    found = lookups()
    if kind not in found:
        raise LookupError(f"No installed app declares the look-up {kind!r}")
    return found[kind]


def best_matches(
    records: models.QuerySet, q: str, limit: int, *, names: Sequence[str], references: Sequence[str] = ()
) -> list[Any]:
    """The keys of `records` matching `q` best first, by the one search's rules (careportal.search:
    names without macrons or case, references by prefix), names in order among equal matches."""
    found = best_first(records, q, limit, names=names, references=references, ordering=names)
    return list(found.values_list("pk", flat=True))


@login_required
@require_POST
def lookup_view(request: HttpRequest, kind: str) -> JsonResponse:
    """`POST q=…` → `{"results": [{"id", "label", "detail"}], "more": bool}`: at most LIMIT matches the
    user may choose, best first; `more` when there are further ones (type more to narrow)."""
    try:
        found = lookup(kind)
    except LookupError:
        raise Http404 from None
    records = found.choices(actor_of(request))
    options = found.options(records, str(request.POST.get("q", "")), LIMIT + 1)
    shown = options[:LIMIT]
    if found.audited:
        audit_list_view(
            actor=request.user, object_type=records.model._meta.label_lower,
            object_ids=[o.id for o in shown], what="lookup",
        )  # fmt: skip
    # Like every signed-in answer, `Cache-Control: no-store` (careportal.middleware): never kept.
    return JsonResponse({"results": [o.as_json() for o in shown], "more": len(options) > LIMIT})


def routes() -> list[URLPattern]:
    """One route per kind (`lookup/children/`, …), so each appears in the permission matrix."""
    return [
        path(f"lookup/{kind}/", lookup_view, {"kind": kind}, name=f"lookup-{kind}")
        for kind in sorted(lookups())
    ]
