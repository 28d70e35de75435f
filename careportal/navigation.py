"""The portal's main navigation, by role. An entry whose URL is not (yet) defined is left out."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from careportal.accounts.choices import ORGANISATION_ROLES, STAFF_ROLES, Role

ALL_STAFF = tuple(STAFF_ROLES)
PARTNER_ROLES = (Role.PARTNER_ADMIN, Role.PARTNER_STAFF)

# (label, URL name, roles that see it)
NAV_ENTRIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("My work", "home", (*ALL_STAFF, *ORGANISATION_ROLES)),
    ("Dashboard", "dashboard", ALL_STAFF),
    (
        "Care agreements",
        "agreements:list",
        (
            Role.SOCIAL_WORKER,
            Role.SENIOR_PRACTITIONER,
            Role.SUPERVISOR,
            Role.COORDINATOR,
            Role.ADMIN,
            *PARTNER_ROLES,
        ),
    ),
    (
        "Tamariki",
        "agreements:children",
        (Role.SOCIAL_WORKER, Role.SENIOR_PRACTITIONER, Role.SUPERVISOR, Role.COORDINATOR, Role.ADMIN),
    ),
    (
        "Care partner applications",
        "partners:pipeline",
        (Role.PFO, Role.HUB_REVIEWER, Role.DELEGATE, Role.SUPERVISOR, Role.ADMIN),
    ),
    ("Our application", "partners:mine", PARTNER_ROLES),
    (
        "Referrals",
        "referrals:list",
        (Role.DRC, Role.SENIOR_PRACTITIONER, Role.SUPERVISOR, Role.SOCIAL_WORKER, Role.ADMIN),
    ),
    ("Referral inbox", "referrals:inbox", (Role.PROVIDER_STAFF,)),
    (
        "Quality assurance",
        "quality:dashboard",
        (Role.HUB_REVIEWER, Role.PFO, Role.DELEGATE, Role.SUPERVISOR, Role.ADMIN, *PARTNER_ROLES),
    ),
)


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


def nav_for(user, path: str) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    items = []
    for label, name, roles in NAV_ENTRIES:
        if user.role not in roles:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        current = path == url if url == "/" else path.startswith(url)
        items.append(NavItem(label, url, current))
    return items
