"""One demo user per role (api.md "Demo data"); the apps add their organisations and records through
their `demo` contributions (careportal.contributions), in their declared order."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from careportal.accounts.choices import Role
from careportal.contributions import contributed

DEMO_SITE = "Manukau"
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


@dataclass
class DemoContext:
    """What seeders build on: the date to seed around, the demo users' password, and the demo users and
    organisations by key (the partners app's seeder adds the organisations, `seed_users` the users)."""

    today: date
    password: str
    users: dict[str, Any] = field(default_factory=dict)
    organisations: dict[str, Any] = field(default_factory=dict)


def seed_users(ctx: DemoContext) -> None:
    """One user per role; an organisation's users belong to the organisation of that key in ctx."""
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
        user.set_password(ctx.password)
        user.save(update_fields=["password"])
        ctx.users[username] = user
    supervisor = ctx.users["supervisor"]
    User.objects.filter(username__in=["worker", "senior", "drc", "coordinator"]).update(supervisor=supervisor)


@transaction.atomic
def seed_demo(*, password: str, today: date) -> DemoContext:
    """Create or refresh every demo record; running it twice leaves one of each."""
    ctx = DemoContext(today=today, password=password)
    for seed in contributed(lambda c: c.demo):
        seed(ctx)
    return ctx
