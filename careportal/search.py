"""One search: the matching rules, the ranking and the combined search across every app's records.

Names match without macrons or case (`Tawhiri` finds `Tāwhiri`): both sides go through `search_fold`,
a database function that folds case and removes diacritics. On PostgreSQL it is an IMMUTABLE wrapper
around the `unaccent` extension (unaccent() itself is only STABLE, so no index could use it), created by
the agreements app's migration 0008 along with a trigram GIN index on `search_fold(name)`; on SQLite (the
quick start) it is `fold()` below, registered on the connection when a query first needs it. One SQL
expression, then, on both backends. References match by prefix, case-insensitively (their existing
`UPPER(reference)` trigram indexes serve it on PostgreSQL).

The core imports no app: each app declares what of its records can be found (a `Searchable`, with its
own R-PRIV-1 scope) in its contributions, and this module runs them. The apps' kinds are fixed by
api.md: child, agreement, referral, organisation.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Case, F, Func, Q, Value, When
from django.db.models.lookups import Contains, Exact, StartsWith

from careportal.audit.services import audit_list_views
from careportal.contributions import contributions_of, scopes
from careportal.lib.actor import Actor, RequestUser

MIN_QUERY = 2
MAX_QUERY = 100
LIMIT = 20
KINDS = ("child", "agreement", "referral", "organisation")  # api.md; also the order of equal matches
KIND_HEADINGS = {
    "child": "Tamariki",
    "agreement": "Agreements",
    "referral": "Referrals",
    "organisation": "Organisations",
}
# How good a match is, best first: the whole name or reference, a prefix of either (or of a word of
# the name), anywhere in the name.
EXACT, PREFIX, WITHIN = 0, 1, 2


def fold(text: str | None) -> str | None:
    """The Python twin of PostgreSQL's `search_fold`: lower case, diacritics removed (ā → a)."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


class Folded(Func):
    """`search_fold(expression)`: the text without case or diacritics, in SQL."""

    function = "search_fold"
    output_field = models.TextField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # The quick start's SQLite has no such function: register the Python one on this connection.
        connection.ensure_connection()
        raw = connection.connection
        if getattr(connection, "_search_fold_on", None) is not raw:
            raw.create_function("search_fold", 1, fold, deterministic=True)
            connection._search_fold_on = raw
        return super().as_sql(compiler, connection, **extra)


def _folded(field_name: str) -> Folded:
    return Folded(F(field_name))


def _folded_query(q: str) -> Folded:
    return Folded(Value(q, output_field=models.TextField()))


def text_match(field_name: str, q: str) -> Q:
    """`field_name` (a name) contains `q`, ignoring case and macrons."""
    return Q(Contains(_folded(field_name), _folded_query(q)))


def reference_match(field_name: str, q: str) -> Q:
    """`field_name` (a reference) starts with `q`, ignoring case."""
    return Q(**{f"{field_name}__istartswith": q})


def match_rank(q: str, *, names: Sequence[str] = (), references: Sequence[str] = ()) -> Case:
    """EXACT, PREFIX or WITHIN for a row already known to match (see `matching`)."""
    tiers = _tiers(q, names, references)
    exact, prefix = Q(), Q()
    for condition in tiers[EXACT]:
        exact |= condition
    for condition in tiers[PREFIX]:
        prefix |= condition
    return Case(When(exact, then=EXACT), When(prefix, then=PREFIX), default=WITHIN)


def _tiers(q: str, names: Sequence[str], references: Sequence[str]) -> dict[int, list[Q]]:
    """The conditions that make a row an EXACT, a PREFIX or a WITHIN match; each one an index serves."""
    tiers: dict[int, list[Q]] = {EXACT: [], PREFIX: [], WITHIN: []}
    for name in names:
        tiers[EXACT].append(Q(Exact(_folded(name), _folded_query(q))))
        tiers[PREFIX].append(Q(StartsWith(_folded(name), _folded_query(q))))
        tiers[PREFIX].append(Q(Contains(_folded(name), _folded_query(f" {q}"))))  # a later word
        tiers[WITHIN].append(text_match(name, q))
    for reference in references:
        tiers[EXACT].append(Q(**{f"{reference}__iexact": q}))
        tiers[PREFIX].append(reference_match(reference, q))
    return tiers


def filter_matching(
    queryset: models.QuerySet, q: str, *, names: Sequence[str] = (), references: Sequence[str] = ()
) -> models.QuerySet:
    """The rows of `queryset` whose names contain `q` or whose references start with it. Each condition
    is its own subquery and the subqueries a UNION: each uses its own index, where an OR across a join
    could use none (decision 0010)."""
    model = queryset.model
    conditions = [text_match(n, q) for n in names] + [reference_match(r, q) for r in references]
    if not conditions:
        return queryset.none()
    subqueries = [model._default_manager.filter(c).order_by().values("pk") for c in conditions]
    found = subqueries[0].union(*subqueries[1:]) if len(subqueries) > 1 else subqueries[0]
    return queryset.filter(pk__in=found)


def matching(
    queryset: models.QuerySet, q: str, *, names: Sequence[str] = (), references: Sequence[str] = ()
) -> models.QuerySet:
    """`filter_matching`, each row annotated with how good a match it is (`search_rank`, best lowest)."""
    found = filter_matching(queryset, q, names=names, references=references)
    return found.annotate(search_rank=match_rank(q, names=names, references=references))


def best_first(
    queryset: models.QuerySet,
    q: str,
    limit: int,
    *,
    names: Sequence[str] = (),
    references: Sequence[str] = (),
    ordering: Sequence[str] = (),
) -> models.QuerySet:
    """The `limit` best matches for `q` among `queryset`: by `search_rank`, then `ordering`, then pk.

    Ranking every match costs a fold per row: "CYRAS-" matches every tamaiti at once. So each reference
    condition of each tier (and each name condition, for two characters) is its own subquery that keeps
    only its first `limit` rows in the final order, and only those few candidates are ranked. No row of
    the true first `limit` is lost: were one beyond its own condition's first `limit`, that many rows of
    at least its rank would come before it.
    """
    order = (*ordering, "pk")
    if not names and not references:
        return queryset.none()
    if not connections[queryset.db].features.supports_slicing_ordering_in_compound:
        # SQLite (the quick start, a few hundred rows) cannot LIMIT inside a UNION: rank every match.
        found = matching(queryset, q, names=names, references=references)
        return found.order_by("search_rank", *order)[:limit]
    by_name = _tiers(q, names, ())
    by_reference = _tiers(q, (), references)
    if len(q) >= 3:
        # Three or more characters: the names' trigram index finds every name match in one scan, and
        # they are few; every EXACT or PREFIX match of a name is also a WITHIN one. One unlimited
        # subquery per name, then, rather than one per tier (each its own trigram scan).
        subqueries = [queryset.filter(c).order_by().values("pk") for c in by_name[WITHIN]]
    else:
        # Two characters have no trigram: walk the rows in `order`, stopping at the first `limit`.
        subqueries = _first_of_each(queryset, by_name, order, limit)
    # A reference prefix costs nothing to test: the walk in order stops at the first `limit`.
    subqueries += _first_of_each(queryset, by_reference, order, limit)
    candidates = subqueries[0].union(*subqueries[1:]) if len(subqueries) > 1 else subqueries[0]
    found = queryset.filter(pk__in=candidates)
    ranked = found.annotate(search_rank=match_rank(q, names=names, references=references))
    return ranked.order_by("search_rank", *order)[:limit]


def _first_of_each(
    queryset: models.QuerySet, tiers: dict[int, list[Q]], order: Sequence[str], limit: int
) -> list[models.QuerySet]:
    """For each condition of each tier, the pks of its first `limit` rows in `order`."""
    return [
        queryset.filter(condition).order_by(*order).values("pk")[:limit]
        for tier in (EXACT, PREFIX, WITHIN)
        for condition in tiers[tier]
    ]


def clean_query(q: str | None) -> str:
    """The search text, stripped; at least MIN_QUERY characters (api.md), else a ValidationError."""
    text = " ".join((q or "").split())
    if len(text) < MIN_QUERY:
        raise ValidationError(f"Type at least {MIN_QUERY} characters to search.", code="min_length")
    if len(text) > MAX_QUERY:
        raise ValidationError(f"Search for at most {MAX_QUERY} characters.", code="max_length")
    return text


@dataclass(frozen=True)
class Searchable:
    """What of one app's records can be found: declared in the app's contributions."""

    kind: str  # one of KINDS
    model: str  # its label (`app_label.modelname`); the app's declared scope says what a user may see
    label: Callable[[Any], str]
    url: Callable[[Any], str]
    names: tuple[str, ...] = ()  # matched without macrons or case, anywhere
    references: tuple[str, ...] = ()  # matched by prefix
    ordering: tuple[str, ...] = ()  # among equally good matches
    related: tuple[str, ...] = ()  # select_related for the label
    # R-PRIV-3: the label shows te tamaiti's data, so showing a result is a view of the record.
    audited: bool = False


@dataclass(frozen=True)
class SearchResult:
    """One thing found, as api.md shows it (kind, id, label, url)."""

    kind: str
    id: str
    label: str
    url: str
    rank: int = field(default=WITHIN, compare=False)
    object_type: str = field(default="", compare=False)  # the model label, for the audit trail
    audited: bool = field(default=False, compare=False)

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "id": self.id, "label": self.label, "url": self.url}


def searchables() -> dict[str, Searchable]:
    """Every installed app's searchable kinds, in KINDS order."""
    found = {s.kind: s for contributions in contributions_of() for s in contributions.search}
    return {kind: found[kind] for kind in KINDS if kind in found}


def search_records(kind: str, actor: Actor, q: str, *, limit: int = LIMIT) -> list[Any]:
    """The records of `kind` that `actor` may see matching `q`, best first, at most `limit`; each carries
    `search_rank`. Any `kind` not installed finds nothing."""
    searchable = searchables().get(kind)
    if searchable is None:
        return []
    scope = scopes()[searchable.model](actor)  # R-PRIV-1: the same scope as the record's own pages
    if searchable.related:
        scope = scope.select_related(*searchable.related)
    found = best_first(
        scope, q, limit,
        names=searchable.names, references=searchable.references, ordering=searchable.ordering,
    )  # fmt: skip
    return list(found)


def search_children(actor: Actor, q: str, *, limit: int = LIMIT) -> list[Any]:
    """Tamariki (agreements.Child) by name or case reference."""
    return search_records("child", actor, q, limit=limit)


def search_agreements(actor: Actor, q: str, *, limit: int = LIMIT) -> list[Any]:
    """Agreements by reference, te tamaiti's case reference or name."""
    return search_records("agreement", actor, q, limit=limit)


def search_referrals(actor: Actor, q: str, *, limit: int = LIMIT) -> list[Any]:
    """Referrals by reference."""
    return search_records("referral", actor, q, limit=limit)


def search_organisations(actor: Actor, q: str, *, limit: int = LIMIT) -> list[Any]:
    """Organisations by legal name or NZBN."""
    return search_records("organisation", actor, q, limit=limit)


def search(actor: Actor, q: str, limit: int = LIMIT) -> list[SearchResult]:
    """Everything `actor` may see matching `q`, best first, at most `limit`: one query per kind."""
    results: list[SearchResult] = []
    for kind, searchable in searchables().items():
        for record in search_records(kind, actor, q, limit=limit):
            results.append(
                SearchResult(
                    kind=kind,
                    id=str(record.pk),
                    label=searchable.label(record),
                    url=searchable.url(record),
                    rank=record.search_rank,
                    object_type=searchable.model,
                    audited=searchable.audited,
                )
            )
    # Stable: within a rank the kinds keep KINDS order and each kind its own ordering.
    return sorted(results, key=lambda r: r.rank)[:limit]


def grouped(results: Sequence[SearchResult]) -> list[tuple[str, list[SearchResult]]]:
    """(heading, results) for each kind found, in KINDS order, each kind's results best first."""
    groups: dict[str, list[SearchResult]] = {}
    for result in results:
        groups.setdefault(result.kind, []).append(result)
    return [(KIND_HEADINGS[kind], groups[kind]) for kind in KINDS if kind in groups]


def audit_shown(actor: RequestUser, results: Sequence[SearchResult]) -> None:
    """R-PRIV-3: results showing te tamaiti's data are a view of each record shown (one entry a kind)."""
    by_type: dict[str, list[str]] = {}
    for result in results:
        if result.audited:
            by_type.setdefault(result.object_type, []).append(result.id)
    audit_list_views(actor=actor, shown=by_type, what="search")
