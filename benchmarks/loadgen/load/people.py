# ruff: noqa: S608 - SQL built only from our own constants and integers (no user input), for load data
"""Users, organisations and the care partner path: applications, s396 approvals, accreditations."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import make_password

from .plan import PASSWORD, SITES, Plan, name_sql, pick, uid

# (key, role, number at scale 1, minimum): Oranga Tamariki staff spread over the sites.
STAFF_GROUPS = (
    ("sw", "social_worker", 600, 3),
    ("senior", "senior_practitioner", 60, 1),
    ("supervisor", "supervisor", 60, 1),
    ("coordinator", "coordinator", 60, 2),
    ("hub", "hub_reviewer", 20, 1),
    ("pfo", "pfo", 10, 1),
)
# The signed-in users of the benchmark (password plan.PASSWORD).
NAMED_USERS = (
    ("bench_supervisor", "supervisor", None),
    ("bench_worker", "social_worker", None),
    ("bench_coordinator", "coordinator", None),
    ("bench_hub", "hub_reviewer", None),
    ("bench_partner", "partner_admin", "partner"),
    ("bench_provider", "provider_staff", "provider"),
    ("bench_drc", "drc", None),
    # Uploads evidence in the write measurements: its organisation's application is in readiness.
    ("bench_applicant", "partner_admin", "applicant"),
)


def _insert_users(cur: Any, plan: Plan, key: str, role: str, count: int, username: str, org: str) -> None:
    cur.execute("SELECT coalesce(max(id), 0) FROM accounts_user")
    first = cur.fetchone()[0] + 1
    site = "''" if org != "NULL" else pick(SITES, "g")
    cur.execute(
        f"""
        INSERT INTO accounts_user (id, password, is_superuser, username, first_name, last_name, email,
            is_staff, is_active, date_joined, role, site, calendar_token, organisation_id)
        SELECT {first - 1} + g, '{plan.password_hash}', false, {username}, split_part({name_sql("g")}, ' ', 1),
            'Kaimahi', {username} || '@load.example.govt.nz', false, true, now(), '{role}', {site}, '', {org}
        FROM generate_series(1, {count}) AS g
        """
    )
    plan.users[key] = (first, count)


def create_users(cur: Any, plan: Plan) -> None:
    plan.password_hash = make_password(PASSWORD)
    for key, role, full, minimum in STAFF_GROUPS:
        _insert_users(cur, plan, key, role, plan.n(full, minimum), f"'load_{key}_' || g", "NULL")
    _insert_users(
        cur, plan, "partner_staff", "partner_staff", plan.partners * 2, "'load_partner_' || g",
        plan.org("partner", "g"),
    )  # fmt: skip
    _insert_users(
        cur, plan, "provider_staff", "provider_staff", plan.providers, "'load_provider_' || g",
        plan.org("provider", "g"),
    )  # fmt: skip
    for username, role, org_kind in NAMED_USERS:
        which = str(applicant_in(plan, "readiness")) if org_kind == "applicant" else "0"
        org = plan.org(org_kind, which) if org_kind else "NULL"
        _insert_users(cur, plan, username, role, 1, f"'{username}'", org)
    # Staff answer to a supervisor (the home page and R-ALL-8 tasks use it).
    cur.execute(
        f"UPDATE accounts_user SET supervisor_id = {plan.user('supervisor', 'id')} "
        "WHERE role IN ('social_worker', 'senior_practitioner') AND username LIKE 'load_%'"
    )
    cur.execute(
        "SELECT setval(pg_get_serial_sequence('accounts_user', 'id'), (SELECT max(id) FROM accounts_user))"
    )


def create_organisations(cur: Any, plan: Plan) -> None:
    """Approved care partners first, then applicants, then community service providers."""
    p, a = plan.partners, plan.partners + plan.applicants
    cur.execute(
        f"""
        INSERT INTO partners_organisation (id, created_at, updated_at, legal_name, nzbn, kind, region,
            is_maori_organisation, approval_status)
        SELECT {uid("org", "g")}, now() - make_interval(days => 400 + g), now(),
            {pick(("Kāinga", "Whānau Ora", "Te Ara", "Tūhono", "Harbour", "Southern", "Awhina"), "g")} || ' '
              || CASE WHEN g <= {a} THEN 'Care Trust' ELSE 'Family Services' END || ' ' || g,
            NULL, CASE WHEN g <= {a} THEN 'care_partner' ELSE 'community_provider' END,
            {pick(SITES, "g")}, mod(g, 3) = 0, CASE WHEN g <= {p} THEN 'approved' ELSE 'none' END
        FROM generate_series(1, {plan.organisations}) AS g
        """
    )


APPLICANT_STATUSES = ("preparation", "readiness", "confirmation", "qa_transition", "declined", "withdrawn")


def applicant_in(plan: Plan, status: str) -> int:
    """The offset (for plan.org) of the first applicant whose application create_partner_path puts in
    `status`: it picks the status by the organisation's number, so this holds at every scale."""
    first = plan.partners + 1
    return next(
        k for k in range(plan.applicants)
        if APPLICANT_STATUSES[(first + k) % len(APPLICANT_STATUSES)] == status
    )  # fmt: skip


def create_partner_path(cur: Any, plan: Plan) -> None:
    """R-396-1: each approved partner went through an application, holds an s396 approval and a current
    Level 1 accreditation; applicants are spread over the four phases and the closed states."""
    p, hub = plan.partners, plan.user("hub", "g")
    status = f"CASE WHEN g <= {p} THEN 'approved' ELSE {pick(APPLICANT_STATUSES, 'g')} END"
    cur.execute(
        f"""
        INSERT INTO partners_application (id, created_at, updated_at, status, care_model_summary,
            local_provision_notes, stakeholders_consulted, decline_proposal_reason, organisation_response,
            closing_reason, organisation_id, readiness_started_at, confirmation_started_at,
            qa_transition_started_at, approved_at, closed_at, quality_of_practice_confirmed_on)
        SELECT {uid("app", "g")}, now() - interval '390 days', now(), st, 'Whānau-centred care model.',
            'Local provision reviewed.', 'Iwi, NGOs and the site manager.', '', '',
            CASE WHEN st IN ('declined', 'withdrawn') THEN 'Closed at the organisation''s request.' ELSE '' END,
            {uid("org", "g")},
            CASE WHEN st NOT IN ('preparation') THEN now() - interval '300 days' END,
            CASE WHEN st IN ('confirmation', 'qa_transition', 'approved') THEN now() - interval '200 days' END,
            CASE WHEN st IN ('qa_transition', 'approved') THEN now() - interval '150 days' END,
            CASE WHEN st = 'approved' THEN now() - interval '100 days' END,
            CASE WHEN st IN ('declined', 'withdrawn') THEN now() - interval '50 days' END,
            CASE WHEN st IN ('qa_transition', 'approved') THEN {plan.d} - 150 END
        FROM (SELECT g, {status} AS st FROM generate_series(1, {plan.partners + plan.applicants}) AS g) s
        """
    )
    cur.execute(
        f"""
        INSERT INTO partners_s396approval (id, created_at, updated_at, granted_on, status, proposed_action,
            notice_reason, organisation_response, gazette_notice_reference, granted_by_id, organisation_id,
            application_id)
        SELECT {uid("s396", "g")}, now() - interval '100 days', now(), {plan.d} - 100, 'active', '', '', '',
            'Gazette ' || g, {hub}, {uid("org", "g")}, {uid("app", "g")}
        FROM generate_series(1, {p}) AS g
        """
    )
    cur.execute(
        f"""
        INSERT INTO partners_accreditation (id, created_at, updated_at, level, status, granted_on,
            review_due_on, notes, organisation_id)
        SELECT {uid("accr", "g")}, now(), now(), 1, 'accredited', {plan.d} - 300, {plan.d} + 200 + mod(g, 400),
            '', {uid("org", "g")}
        FROM generate_series(1, {p}) AS g
        """
    )
