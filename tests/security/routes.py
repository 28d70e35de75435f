"""Every portal route (from the URL configuration) and every API operation (from the OpenAPI schema)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from django.urls import URLPattern, URLResolver, get_resolver
from django_fsm import FSMField
from drf_spectacular.generators import SchemaGenerator

from agreements.models import Agreement
from partners.models import Application, Evidence, S396Approval
from quality.models import ImprovementAction, QACycle, QAReview
from referrals.models import Referral

# The path parameter `pk` of each named portal route is a record of this kind (see world.py).
# A new route with a <pk> needs a line here; a new route without one needs none.
PORTAL_KINDS = {
    "agreements:detail": "agreement",
    "agreements:edit": "agreement",
    "agreements:pdf": "agreement",
    "agreements:pdf_status": "agreement",
    "agreements:documents": "agreement",
    "agreements:document": "agreement",
    "agreements:redraft": "agreement",
    "agreements:transition": "agreement",
    "agreements:child_detail": "child",
    "partners:detail": "application",
    "partners:edit": "application",
    "partners:evidence_upload": "application",
    "partners:transition": "application",
    "partners:evidence": "evidence",
    "partners:evidence_download": "evidence",
    "partners:evidence_review": "evidence",
    "partners:organisation": "organisation",
    "partners:accreditation_create": "organisation",
    "partners:invitations": "organisation",
    "partners:invitation_resend": "organisation",
    "partners:invitation_revoke": "organisation",
    "partners:approval": "approval",
    "partners:approval_action": "approval",
    "referrals:detail": "referral",
    "referrals:edit": "referral",
    "referrals:contact_add": "referral",
    "referrals:transition": "referral",
    "quality:cycle_detail": "qa_cycle",
    "quality:review_schedule": "qa_cycle",
    "quality:joint_review": "qa_cycle",
    "quality:cycle_transition": "qa_cycle",
    "quality:review_detail": "qa_review",
    "quality:review_edit": "qa_review",
    "quality:activity_add": "qa_review",
    "quality:finding_add": "qa_review",
    "quality:finding_edit": "qa_review",
    "quality:action_add": "qa_review",
    "quality:review_pdf": "qa_review",
    "quality:review_pdf_status": "qa_review",
    "quality:review_transition": "qa_review",
    "quality:action_detail": "action",
    "quality:action_evidence": "action",
    "quality:action_transition": "action",
    "notifications:read": "notification",
    "notifications:task_done": "task",
}
# The API's first path segment -> the kind of record its {id} names.
API_KINDS = {
    "accreditations": "accreditation",
    "agreements": "agreement",
    "applications": "application",
    "approvals": "approval",
    "care-standards": "care_standard",
    "children": "child",
    "evidence": "evidence",
    "improvement-actions": "action",
    "notifications": "notification",
    "organisations": "organisation",
    "qa-cycles": "qa_cycle",
    "qa-reviews": "qa_review",
    "referrals": "referral",
    "requirements": "requirement",
    "tasks": "task",
}
TRANSITION_MODELS = {
    "agreement": Agreement,
    "application": Application,
    "evidence": Evidence,
    "approval": S396Approval,
    "referral": Referral,
    "qa_cycle": QACycle,
    "qa_review": QAReview,
    "action": ImprovementAction,
}
# Routes outside the matrix, and why.
SKIPPED_PREFIXES = (
    "support/",  # Django admin: superusers only, covered by test_admin_is_superuser_only
    "api/v1/",  # the API: every operation comes from the OpenAPI schema instead
)
PLACEHOLDERS = {
    "uidb64": "MQ",
    "token": "set-password",
    "name": "-",
    "document_pk": "00000000-0000-4000-8000-000000000000",  # no such version: a 404 once past the gates
    "finding_id": "00000000-0000-4000-8000-000000000000",  # no such finding: likewise
}


@dataclass(frozen=True)
class Route:
    surface: str  # "portal" or "api"
    method: str
    template: str  # the route as written: agreements/<uuid:pk>/<slug:name>/ or /api/v1/agreements/{id}/
    kind: str  # the record kind its id names, or "-"
    action: str = ""  # the transition name filling <slug:name>, when there is one

    @property
    def key(self) -> str:
        return f"{self.surface} {self.method} {self.template}" + (f" [{self.action}]" if self.action else "")


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), (f"{namespace}{p.name}" if p.name else "")


def transition_names(kind: str) -> list[str]:
    model = TRANSITION_MODELS[kind]
    field = next(f for f in model._meta.fields if isinstance(f, FSMField))
    return sorted({t.name for t in field.get_all_transitions(model)})


def _expand(surface: str, method: str, template: str, kind: str) -> list[Route]:
    if "<slug:name>" in template:
        return [Route(surface, method, template, kind, name) for name in transition_names(kind)]
    return [Route(surface, method, template, kind)]


@cache
def portal_routes() -> list[Route]:
    routes: list[Route] = []
    for template, name in _walk(get_resolver().url_patterns):
        if template.startswith(SKIPPED_PREFIXES):
            continue
        kind = PORTAL_KINDS.get(name, "-")
        if "<uuid:pk>" in template and kind == "-":
            raise AssertionError(
                f"The portal route {template!r} ({name}) names a record: add {name!r} to PORTAL_KINDS in "
                "tests/security/routes.py, then regenerate the matrix (see tests/security/README.md)."
            )
        for method in ("GET", "POST"):
            routes.extend(_expand("portal", method, template, kind))
    return routes


@cache
def api_routes() -> list[Route]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    routes: list[Route] = []
    for path, operations in schema["paths"].items():
        first = path.removeprefix("/api/v1/").split("/")[0]
        kind = API_KINDS.get(first, "-") if "{id}" in path else "-"
        for method in operations:
            if method in ("get", "post", "put", "patch", "delete"):
                routes.append(Route("api", method.upper(), path, kind))
    return routes


def fill(route: Route, pk: str | None, extra: dict[str, str]) -> str:
    """The concrete path of `route` for record `pk`."""
    if route.surface == "api":
        path = route.template.replace("{id}", pk or "")
        return re.sub(r"\{(\w+)\}", lambda m: extra.get(m.group(1), "0"), path)

    def value(m: re.Match) -> str:
        name = m.group(2)
        if name == "pk":
            return pk or ""
        if name == "name":
            return route.action
        return extra.get(name, PLACEHOLDERS.get(name, "x"))

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route.template)
