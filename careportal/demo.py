"""Demo organisations and one user per role (api.md "Demo data"); apps add records in `<app>.demo`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.module_loading import import_string

from careportal.accounts.choices import Role
from partners.choices import ApprovalStatus, OrganisationKind
from partners.models import Organisation

DEMO_SITE = "Manukau"
ORGANISATIONS = {
    # key: (legal name, NZBN, kind, region, Māori organisation, approval status)
    "partner": (
        "Kāinga Care Trust",
        "9429000000017",
        OrganisationKind.CARE_PARTNER,
        "Tāmaki Makaurau",
        True,
        ApprovalStatus.APPROVED,
    ),
    "applicant": (
        "Te Awa Whānau Services",
        "9429000000024",
        OrganisationKind.CARE_PARTNER,
        "Waikato",
        True,
        ApprovalStatus.NONE,
    ),
    "provider": (
        "Whānau Ora Connect",
        "9429000000031",
        OrganisationKind.COMMUNITY_PROVIDER,
        "Tāmaki Makaurau",
        True,
        ApprovalStatus.NONE,
    ),
    "provider2": (
        "Southside Family Support",
        "9429000000048",
        OrganisationKind.COMMUNITY_PROVIDER,
        "Tāmaki Makaurau",
        False,
        ApprovalStatus.NONE,
    ),
}
USERS = {
    # username: (role, organisation key or None, first name, last name)
    "worker": (Role.SOCIAL_WORKER, None, "Aroha", "Ngata"),
    "senior": (Role.SENIOR_PRACTITIONER, None, "Mere", "Tawhiri"),
    "supervisor": (Role.SUPERVISOR, None, "Hēmi", "Walker"),
    "coordinator": (Role.COORDINATOR, None, "Sione", "Fifita"),
    "drc": (Role.DRC, None, "Priya", "Singh"),
    "pfo": (Role.PFO, None, "Kate", "Brown"),
    "hub": (Role.HUB_REVIEWER, None, "Rāwiri", "Pōmare"),
    "delegate": (Role.DELEGATE, None, "Jane", "Smith"),
    "partner_admin": (Role.PARTNER_ADMIN, "partner", "Tania", "Kereama"),
    "partner_staff": (Role.PARTNER_STAFF, "partner", "Liam", "Parata"),
    "applicant_admin": (Role.PARTNER_ADMIN, "applicant", "Ngaio", "Hetaraka"),
    "provider": (Role.PROVIDER_STAFF, "provider", "Moana", "Tuhiwai"),
    "provider2": (Role.PROVIDER_STAFF, "provider2", "Sam", "Lee"),
    "admin": (Role.ADMIN, None, "Site", "Administrator"),
}
APP_SEEDERS = ("partners.demo.seed", "agreements.demo.seed", "referrals.demo.seed", "quality.demo.seed")


@dataclass
class DemoContext:
    """What app seeders build on: the demo users and organisations by key, and the date to seed around."""

    today: date
    users: dict[str, Any] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)


def _seed_organisations(ctx: DemoContext) -> None:
    for key, (name, nzbn, kind, region, maori, approval) in ORGANISATIONS.items():
        org, _ = Organisation.objects.update_or_create(
            nzbn=nzbn,
            defaults={"legal_name": name, "kind": kind, "region": region, "is_maori_organisation": maori},
        )
        Organisation.objects.filter(pk=org.pk).update(approval_status=approval)
        org.approval_status = approval
        ctx.organisations[key] = org


def _seed_users(ctx: DemoContext, password: str) -> None:
    User = get_user_model()
    for username, (role, org_key, first, last) in USERS.items():
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "role": role,
                "organisation": ctx.organisations[org_key] if org_key else None,
                "site": "" if org_key else DEMO_SITE,
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org.nz",
                "is_staff": role == Role.ADMIN,
                "is_superuser": role == Role.ADMIN,
                "is_active": True,
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        ctx.users[username] = user
    supervisor = ctx.users["supervisor"]
    User.objects.filter(username__in=["worker", "senior", "drc", "coordinator"]).update(supervisor=supervisor)


@transaction.atomic
def seed_demo(*, password: str, today: date) -> DemoContext:
    """Create or refresh every demo record; running it twice leaves one of each."""
    ctx = DemoContext(today=today)
    _seed_organisations(ctx)
    _seed_users(ctx, password)
    for path in APP_SEEDERS:
        import_string(path)(ctx)
    return ctx
