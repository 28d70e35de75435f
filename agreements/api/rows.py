"""The agreements API list as plain rows (decision 0010): the JSON of AgreementSerializer, built from `.values()`.

A page of 25 agreements through the serializer made about 150 model instances (agreements, tamariki,
organisations, users, parties, signatures, extensions, endings) and walked some 40 fields a row: four
times the CPU of the same page read with `.values()`. Here a page is four queries of plain values (the
rows with their joined columns, the parties with their signatures and copies, the extensions, the
documents) and one dict a row.
AgreementSerializer stays the one definition of the representation (detail, transitions, the schema);
tests/agreements/test_api_rows.py holds these rows to its output for every status and role.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, tzinfo
from functools import lru_cache
from typing import Any, NamedTuple, cast

from django.db import connection
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from agreements import permissions as perms
from agreements.models import (
    Agreement,
    AgreementDocument,
    CopyGiven,
    Extension,
    Party,
    Signature,
    agreement_warnings,
)
from agreements.validation import TERM_FIELDS
from careportal.lib.actor import Actor
from careportal.workflow import allowed_transitions
from partners.choices import ApprovalStatus

from .serializers import document_link, pdf_link

Row = dict[str, Any]

_TERMINATION = ("kind", "given_on", "effective_on", "party_id", "form", "reason")


def _column(term: str) -> str:
    return "caregiver_organisation_id" if term == "caregiver_organisation" else term


COLUMNS = (
    "id", "reference", "child_id", "child__case_reference", *map(_column, TERM_FIELDS),
    "caregiver_organisation__legal_name", "caregiver_organisation__approval_status", "caregiver_accredited",
    "termination_terms_review",
    "status", "legal_max_end_date", "legal_basis", "site", "drafted_by_id", "drafted_by__username",
    "approved_at", "activated_on", "return_reason", "status_reason", "created_at", "updated_at",
    "termination__id", *(f"termination__{name}" for name in _TERMINATION),
)  # fmt: skip
_PARTY = ("id", "agreement_id", "name", "role", "has_custody_right", "signatory", "signed_on_version",
          "signed_version", "last_copy_given_on")  # fmt: skip
_EXTENSION = ("agreement_id", "status", "start_date", "end_date", "approved_on", "fgc_held_on",
              "legal_max_end_date", "legal_basis")  # fmt: skip
_DOCUMENT = ("id", "agreement_id", "version", "kind", "sha256", "issued_on", "verification_code")
_DATE_TERMS = ("start_date", "end_date")


def _date(value: date | None) -> str | None:
    # As DRF's DateField with DATE_FORMAT "%Y-%m-%d" (settings), for every year from 1000 on.
    return value.isoformat() if value else None


def _datetime(value: datetime | None, zone: tzinfo) -> str | None:
    # As DRF's DateTimeField: in the current time zone (New Zealand), ISO 8601, "Z" for UTC.
    if not value:
        return None
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def agreement_rows(rows: list[Row], user: Actor) -> list[Row]:
    """The representation of each row of `rows` (values of COLUMNS) for `user`: one more query on
    PostgreSQL (`_children_at_once`), three elsewhere (`children_in_steps`)."""
    ids = [row["id"] for row in rows]
    children = _children_at_once(ids) if connection.vendor == "postgresql" else children_in_steps(ids)
    context = _Context(_TransitionsFor(user), pdf_link(), timezone.get_current_timezone())
    none: _Children = ([], [], [])
    return [_representation(row, *children.get(row["id"], none), context) for row in rows]


# An agreement's parties, extensions and documents, each shaped as `_party`, `_extension`, `_document`.
_Children = tuple[list[Row], list[Row], list[Row]]


def children_in_steps(ids: list[Any]) -> dict[Any, _Children]:
    """The parties (with their signature and last copy), extensions and documents of the agreements
    `ids`, in three ORM queries: any database, and the reference `_children_at_once` is held to."""
    parties = _grouped(_parties(ids).values(*_PARTY), _party)
    extensions = _grouped(Extension.objects.filter(agreement_id__in=ids).values(*_EXTENSION), _extension)
    link = document_link()
    documents = _grouped(
        AgreementDocument.objects.filter(agreement_id__in=ids).order_by("version").values(*_DOCUMENT),
        lambda value: _document(value, link),
    )
    return {pk: (parties.get(pk, []), extensions.get(pk, []), documents.get(pk, [])) for pk in ids}


def _parties(ids: list[Any]) -> Any:
    """Each party with its signature on the version for signing (R-ALL-6) and its last copy given, as
    subqueries of the one query (rows from before versions: no version on either side, as Party.signature)."""
    counting = Signature.objects.filter(party=OuterRef("pk")).filter(
        Q(document_id=OuterRef("agreement__signing_version_id"))
        | Q(document__isnull=True, party__agreement__signing_version__isnull=True)
    )
    copies = CopyGiven.objects.filter(party=OuterRef("pk")).order_by("-given_on")
    return Party.objects.filter(agreement_id__in=ids).annotate(
        signed_on_version=Subquery(counting.values("signed_on")[:1]),
        signed_version=Subquery(counting.values("document__version")[:1]),
        last_copy_given_on=Subquery(copies.values("given_on")[:1]),
    )


def _children_at_once(ids: list[Any]) -> dict[Any, _Children]:
    """As `children_in_steps` in one constant statement (decision 0010): each agreement's children as
    JSON arrays built by PostgreSQL. The three querysets cost 4.2 ms a page, two thirds of it building
    and compiling them; this is one round trip, prepared once per connection. JSON dates are ISO 8601,
    as `_date` writes them, and ids are the UUIDs' text, as `str()` writes them."""
    if not ids:
        return {}
    link = document_link()
    with connection.cursor() as cursor:
        # The ids written in: the same page read again (the first page, most of the day) is planned once.
        cursor.execute(cast(Any, connection.ops).compose_sql(_children_statement(), [list(ids)]))
        found = cursor.fetchall()
    return {
        pk: (
            [_party_of_json(p) for p in _loaded(parties)],
            _loaded(extensions),
            [_document_of_json(d, pk, link) for d in _loaded(documents)],
        )
        for pk, parties, extensions, documents in found
    }


def _loaded(value: Any) -> list[Row]:
    if value is None:
        return []
    return json.loads(value) if isinstance(value, str) else value


def _party_of_json(value: Row) -> Row:
    value["_version"] = value.pop("version")
    value["_copy_given_on"] = value.pop("copy_given_on")
    return value


def _document_of_json(value: Row, agreement_id: Any, link: Callable[[Any, Any], str]) -> Row:
    code = value.pop("verification_code")
    value["download_url"] = link(agreement_id, value["id"])
    value["_code"] = code
    return value


@lru_cache(maxsize=1)
def _children_statement() -> str:
    """The parties in their model order (position, created_at) with the signature `_parties` picks and
    their latest copy given; the extensions by start date; the documents by version. Keys in the order
    the representation writes them (json, not jsonb, keeps it)."""
    table = {model: model._meta.db_table for model in (Agreement, Party, Signature, CopyGiven, Extension)}
    document = AgreementDocument._meta.db_table
    return f"""
    SELECT a.id,
        (SELECT json_agg(json_build_object('id', p.id, 'name', p.name, 'role', p.role,
                'has_custody_right', p.has_custody_right, 'signatory', p.signatory, 'signed_on', s.signed_on,
                'version', s.version,
                'copy_given_on', (SELECT max(c.given_on) FROM {table[CopyGiven]} c WHERE c.party_id = p.id))
            ORDER BY p.position, p.created_at)
         FROM {table[Party]} p
         LEFT JOIN LATERAL (
            SELECT sig.signed_on, doc.version FROM {table[Signature]} sig
            LEFT JOIN {document} doc ON doc.id = sig.document_id
            WHERE sig.party_id = p.id AND (sig.document_id = a.signing_version_id
                OR (sig.document_id IS NULL AND a.signing_version_id IS NULL))
            ORDER BY sig.created_at LIMIT 1
         ) s ON true
         WHERE p.agreement_id = a.id),
        (SELECT json_agg(json_build_object('status', e.status, 'start_date', e.start_date,
                'end_date', e.end_date, 'approved_on', e.approved_on, 'fgc_held_on', e.fgc_held_on,
                'legal_max_end_date', e.legal_max_end_date, 'legal_basis', e.legal_basis)
            ORDER BY e.start_date)
         FROM {table[Extension]} e WHERE e.agreement_id = a.id),
        (SELECT json_agg(json_build_object('id', d.id, 'version', d.version, 'kind', d.kind,
                'sha256', d.sha256, 'issued_on', d.issued_on, 'verification_code', d.verification_code)
            ORDER BY d.version)
         FROM {document} d WHERE d.agreement_id = a.id)
    FROM {table[Agreement]} a WHERE a.id = ANY(%s)
    """  # noqa: S608 - table names from the models' own _meta, never from input


def _representation(
    row: Row, parties: list[Row], extensions: list[Row], documents: list[Row], context: _Context
) -> Row:
    zone = context.zone
    terms = {name: row[_column(name)] for name in TERM_FIELDS}
    for name in _DATE_TERMS:
        terms[name] = _date(terms[name])
    return {
        "id": str(row["id"]),
        "reference": row["reference"],
        "child": row["child_id"],
        "child_case_reference": row["child__case_reference"],
        **terms,
        "parties": [_public(p) for p in parties],
        "status": row["status"],
        "allowed_transitions": context.transitions(row),
        "legal_max_end_date": _date(row["legal_max_end_date"]),
        "legal_basis": row["legal_basis"],
        "warnings": [{"code": w.code, "message": w.message} for w in _warnings(row)],
        "extensions": extensions,
        "termination": _termination(row),
        "required_signatories": [
            {
                "party": p["id"],
                "name": p["name"],
                "role": p["role"],
                "signed_on": p["signed_on"],
                "document_version": p["_version"],
                "copy_given_on": p["_copy_given_on"],
            }
            for p in parties
            if p["signatory"]
        ],
        "documents": [_public(d) for d in documents],
        "verification_code": next((d["_code"] for d in reversed(documents) if d["_code"]), None),
        "site": row["site"],
        "drafted_by": row["drafted_by__username"],
        "approved_at": _datetime(row["approved_at"], zone),
        "activated_on": _date(row["activated_on"]),
        "return_reason": row["return_reason"],
        "status_reason": row["status_reason"],
        "pdf_url": context.pdf_link(row["id"]),
        "created_at": _datetime(row["created_at"], zone),
        "updated_at": _datetime(row["updated_at"], zone),
    }


class _Context(NamedTuple):
    transitions: _TransitionsFor
    pdf_link: Callable[[Any], str]
    zone: tzinfo


def _grouped(values: Any, shape: Any) -> dict[Any, list[Row]]:
    """Rows by agreement, each in its model's own order (the queryset's default ordering)."""
    by_agreement: dict[Any, list[Row]] = defaultdict(list)
    for value in values:
        by_agreement[value["agreement_id"]].append(shape(value))
    return by_agreement


def _party(value: Row) -> Row:
    return {
        "id": str(value["id"]),
        "name": value["name"],
        "role": value["role"],
        "has_custody_right": value["has_custody_right"],
        "signatory": value["signatory"],
        "signed_on": _date(value["signed_on_version"]),
        "_version": value["signed_version"],
        "_copy_given_on": _date(value["last_copy_given_on"]),
    }


def _public(value: Row) -> Row:
    """Without the underscored helpers a row carries for the other parts of the representation."""
    return {key: item for key, item in value.items() if not key.startswith("_")}


def _document(value: Row, link: Callable[[Any, Any], str]) -> Row:
    return {
        "id": str(value["id"]),
        "version": value["version"],
        "kind": value["kind"],
        "sha256": value["sha256"],
        "issued_on": _date(value["issued_on"]),
        "download_url": link(value["agreement_id"], value["id"]),
        "_code": value["verification_code"],
    }


def _extension(value: Row) -> Row:
    return {
        "status": value["status"],
        "start_date": _date(value["start_date"]),
        "end_date": _date(value["end_date"]),
        "approved_on": _date(value["approved_on"]),
        "fgc_held_on": _date(value["fgc_held_on"]),
        "legal_max_end_date": _date(value["legal_max_end_date"]),
        "legal_basis": value["legal_basis"],
    }


def _termination(row: Row) -> Row | None:
    if row["termination__id"] is None:
        return None
    return {
        "kind": row["termination__kind"],
        "given_on": _date(row["termination__given_on"]),
        "effective_on": _date(row["termination__effective_on"]),
        "party": row["termination__party_id"],
        "form": row["termination__form"],
        "reason": row["termination__reason"],
    }


def _warnings(row: Row) -> list[Any]:
    return agreement_warnings(
        agreement_type=row["agreement_type"],
        start_date=row["start_date"],
        end_date=row["end_date"],
        status=row["status"],
        caregiver_name=row["caregiver_organisation__legal_name"],
        caregiver_approved=row["caregiver_organisation__approval_status"] == ApprovalStatus.APPROVED,
        caregiver_accredited=row["caregiver_accredited"],
        termination_review=row["termination_terms_review"],
    )


class _TransitionsFor:
    """`allowed_transitions` of a row: the transition predicates read only perms.TRANSITION_COLUMNS, so
    rows alike in those share one answer, worked out on an agreement with only those columns loaded."""

    _fields = [f.attname for f in Agreement._meta.concrete_fields if f.attname in perms.TRANSITION_COLUMNS]

    def __init__(self, user: Actor) -> None:
        self.user = user
        self.known: dict[tuple, list[str]] = {}

    def __call__(self, row: Row) -> list[str]:
        key = tuple(row[name] for name in self._fields)
        if key not in self.known:
            agreement = Agreement.from_db(None, self._fields, key)
            agreement.pk = None  # so reading any other column raises DoesNotExist instead of querying
            self.known[key] = allowed_transitions(agreement, self.user)
        return self.known[key]
