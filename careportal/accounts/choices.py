from django.db import models


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    SENIOR_PRACTITIONER = "senior_practitioner", "Senior practitioner"
    SUPERVISOR = "supervisor", "Supervisor"
    COORDINATOR = "coordinator", "Care and protection coordinator"
    DRC = "drc", "Differential response coordinator"
    PFO = "pfo", "Partnering for Outcomes contact"
    HUB_REVIEWER = "hub_reviewer", "Quality Hub reviewer"
    DELEGATE = "delegate", "Approval delegate"
    PARTNER_ADMIN = "partner_admin", "Care partner administrator"
    PARTNER_STAFF = "partner_staff", "Care partner staff"
    PROVIDER_STAFF = "provider_staff", "Community provider staff"
    ADMIN = "admin", "Administrator"


# Oranga Tamariki kaimahi: see across organisations, subject to their role.
STAFF_ROLES = frozenset(
    {
        Role.SOCIAL_WORKER,
        Role.SENIOR_PRACTITIONER,
        Role.SUPERVISOR,
        Role.COORDINATOR,
        Role.DRC,
        Role.PFO,
        Role.HUB_REVIEWER,
        Role.DELEGATE,
        Role.ADMIN,
    }
)
# Users of an outside organisation: see only their own organisation's records (R-PRIV-1).
ORGANISATION_ROLES = frozenset({Role.PARTNER_ADMIN, Role.PARTNER_STAFF, Role.PROVIDER_STAFF})
