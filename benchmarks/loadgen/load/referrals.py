# ruff: noqa: S608 - SQL built only from our own constants and integers (no user input), for load data
"""Partnered response referrals in every state, their provider decisions and 1,000,000 contacts.

R-PR-1 eligibility and R-PR-2 consent are recorded before anything is sent (the check constraints hold
it); R-PR-4 contacts are logged only on referrals that reached a provider, and the next contact of an
open referral is due within 28 days of the last, so the generated caseload starts with nothing overdue.
"""

from __future__ import annotations

from typing import Any

from .plan import SITES, Plan, name_sql, pick, seq, uid

# Status by g mod 100; bands below SENT_BELOW reached a provider at some point.
STATUS_BANDS = (
    (35, "closed"), (60, "monitoring"), (70, "accepted"), (78, "referred"), (80, "provider_declined"),
    (85, "escalated"), (88, "consented"), (91, "consent_declined"), (95, "consent_pending"), (100, "draft"),
)  # fmt: skip
SENT_BELOW = 85
WITH_PROVIDER = "('referred', 'accepted', 'monitoring', 'closed', 'escalated')"
CHANNELS = ("phone", "email", "in_person", "video", "hui", "other")


def _stage_table(cur: Any, plan: Plan) -> None:
    status = "CASE " + " ".join(f"WHEN mod(g, 100) < {hi} THEN '{st}'" for hi, st in STATUS_BANDS) + " END"
    t = plan.d
    opened = (
        f"CASE WHEN st IN ('closed', 'escalated') THEN {t} - (90 + mod(g * 7, 1300))::int "
        f"WHEN st IN ('accepted', 'monitoring') THEN {t} - (40 + mod(g, 300))::int "
        f"WHEN st IN ('referred', 'provider_declined') THEN {t} - (3 + mod(g, 5))::int "
        f"ELSE {t} - mod(g, 30)::int END"
    )
    cur.execute(
        f"""
        CREATE TEMP TABLE bench_rf ON COMMIT DROP AS
        SELECT g, st, opened, (opened::timestamp AT TIME ZONE 'Pacific/Auckland')
            + make_interval(hours => 9 + mod(g, 8)::int, mins => mod(g, 60)::int) AS created,
            opened + 3 AS referred_on
        FROM (SELECT g, st, {opened} AS opened
              FROM (SELECT g, {status} AS st FROM generate_series(1, {plan.referrals}) AS g) s) s2;
        ALTER TABLE bench_rf ADD PRIMARY KEY (g);
        """
    )


def create_referrals(cur: Any, plan: Plan) -> None:
    _stage_table(cur, plan)
    t, sent = plan.d, f"mod(g, 100) < {SENT_BELOW}"
    consented = "mod(g, 100) < 88"
    cur.execute(
        f"""
        INSERT INTO referrals_referral (id, created_at, updated_at, reference, site, managed_by_id,
            family_details, situation, concerns, service_type, whanau_view, strengths, history_summary,
            other_providers, no_current_involvement, below_statutory_threshold, consent_given,
            consent_given_on, consent_given_by, consent_recorded_by_id, provider_id, referred_on,
            response_due_on, provider_responded_on, escalation_reason, pathways_meeting_on, escalated_on,
            outcome, closed_on, last_contact_on, next_contact_due_on, status)
        SELECT {uid("ref", "g")}, created, created,
            'PR-' || yr || '-' || {seq("row_number() OVER (PARTITION BY yr ORDER BY g)")},
            {pick(SITES, "g")}, {plan.user("coordinator", "g")},
            'Whānau of ' || {name_sql("g")} || ', three tamariki.', 'Housing is insecure.',
            'School attendance has dropped.', {pick(("Parenting support", "Whānau Ora navigator", "Budgeting"), "g")},
            'The whānau want help to stay together.', 'Strong support from the kuia.', 'No prior reports.',
            'None', st <> 'draft', st <> 'draft',
            CASE WHEN {consented} THEN true WHEN st = 'consent_declined' THEN false END,
            CASE WHEN {consented} OR st = 'consent_declined' THEN opened + 2 END,
            CASE WHEN {consented} OR st = 'consent_declined' THEN 'Parent' ELSE '' END,
            CASE WHEN {consented} OR st = 'consent_declined' THEN {plan.user("coordinator", "g")} END,
            CASE WHEN st IN {WITH_PROVIDER} THEN {plan.org("provider", "g")} END,
            CASE WHEN {sent} THEN referred_on END, CASE WHEN {sent} THEN referred_on + 10 END,
            CASE WHEN {sent} AND st <> 'referred' THEN referred_on + 2 END,
            CASE WHEN st = 'escalated' THEN 'The provider could not engage the whānau.' ELSE '' END,
            CASE WHEN st = 'escalated' THEN {t} + mod(g, 14)::int END,
            CASE WHEN st = 'escalated' THEN {t} - mod(g, 10)::int END,
            CASE WHEN st = 'closed' THEN 'Support completed; whānau doing well.' ELSE '' END,
            CASE WHEN st = 'closed' THEN opened + 80 END,
            CASE WHEN st IN ('accepted', 'monitoring') THEN {t} - mod(g, 27)::int END,
            CASE WHEN st IN ('accepted', 'monitoring') THEN {t} - mod(g, 27)::int + 28 END,
            st
        FROM (SELECT *, extract(year FROM created AT TIME ZONE 'Pacific/Auckland')::int AS yr FROM bench_rf) r
        """
    )
    _create_decisions_and_contacts(cur, plan)


def _create_decisions_and_contacts(cur: Any, plan: Plan) -> None:
    cur.execute(
        f"""
        INSERT INTO referrals_providerdecision (id, created_at, updated_at, referral_id, provider_id,
            referred_on, decision, decided_on, reason)
        SELECT {uid("dec", "g")}, created, created, {uid("ref", "g")}, {plan.org("provider", "g")}, referred_on,
            CASE st WHEN 'referred' THEN 'pending' WHEN 'provider_declined' THEN 'declined' ELSE 'accepted' END,
            CASE WHEN st <> 'referred' THEN referred_on + 2 END,
            CASE WHEN st = 'provider_declined' THEN 'No capacity this month.' ELSE '' END
        FROM bench_rf WHERE mod(g, 100) < {SENT_BELOW}
        """
    )
    # Contact j goes to referral k; k in a never-sent band moves 30 back, into a sent band.
    k = f"(1 + mod(j - 1, {plan.referrals}))"
    k_sent = f"CASE WHEN mod({k}, 100) >= {SENT_BELOW} THEN {k} - 30 ELSE {k} END"
    cur.execute(
        f"""
        INSERT INTO referrals_referralcontact (id, created_at, updated_at, referral_id, contacted_on,
            channel, note, by_id)
        SELECT {uid("con", "j")}, r.created + make_interval(days => day), r.created + make_interval(days => day),
            {uid("ref", "r.g")}, r.referred_on + day, {pick(CHANNELS, "j")},
            'Kōrero with the provider about progress.', {plan.user("coordinator", "j")}
        FROM (SELECT j, {k_sent} AS k FROM generate_series(1, {plan.contacts}) AS j) c
        JOIN bench_rf r ON r.g = c.k,
        LATERAL (SELECT least(mod(c.j, 60)::int, greatest({plan.d} - r.referred_on, 0)) AS day) d
        """
    )
