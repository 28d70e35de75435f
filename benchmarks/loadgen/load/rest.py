# ruff: noqa: S608 - SQL built only from our own constants and integers (no user input), for load data
"""The audit trail (2,000,000 rows at scale 1), the QA cycle, follow-up tasks and the reference counters."""

from __future__ import annotations

from typing import Any

from .plan import Plan, pick, uid

REVIEW_STATUSES = ("planned", "in_progress", "draft_report", "partner_response", "final")
ACTION_STATUSES = ("open", "in_progress", "evidence_submitted", "verified_closed", "open")


def create_audit(cur: Any, plan: Plan) -> None:
    """Creation, two status changes and views (R-PRIV-3) per record, spread after its creation."""
    for table, obj_type, prefix, layers, actor in (
        ("bench_ag", "agreements.agreement", "agr", plan.audit_per_agreement, "sw"),
        ("bench_rf", "referrals.referral", "ref", plan.audit_per_agreement // 2, "coordinator"),
    ):
        cur.execute(
            f"""
            INSERT INTO audit_auditentry (at, actor_id, kind, action, object_type, object_id, from_status,
                to_status, reason, data, request_id, ip_address)
            SELECT least(created + make_interval(days => layer, mins => layer), now()),
                {plan.user(actor, "g + layer")},
                CASE layer WHEN 0 THEN 'create' WHEN 1 THEN 'transition' WHEN 2 THEN 'transition' ELSE 'view' END,
                CASE layer WHEN 0 THEN 'create' WHEN 1 THEN 'submit' WHEN 2 THEN 'approve' ELSE 'view' END,
                '{obj_type}', {uid(prefix, "g")}::text,
                CASE layer WHEN 1 THEN 'draft' WHEN 2 THEN 'submitted' ELSE '' END,
                CASE layer WHEN 0 THEN 'draft' WHEN 1 THEN 'submitted' WHEN 2 THEN st ELSE '' END,
                '', '{{}}'::jsonb, md5(g::text || layer::text), '10.0.0.1'
            FROM {table}, generate_series(0, {layers - 1}) AS layer
            """
        )


def create_quality(cur: Any, plan: Plan) -> None:
    """One open QA cycle per approved partner; a final review and a current one; five actions each."""
    hub, p = plan.user("hub", "g"), plan.partners
    cur.execute(
        f"""
        INSERT INTO quality_qacycle (id, created_at, updated_at, organisation_id, started_on, cycle_months,
            joint_review_requested, status)
        SELECT {uid("cyc", "g")}, now() - interval '100 days', now(), {uid("org", "g")}, {plan.d} - 100, 12,
            mod(g, 10) = 0, 'open'
        FROM generate_series(1, {p}) AS g;
        INSERT INTO quality_qareview (id, created_at, updated_at, cycle_id, reference, planned_for, summary,
            status, partner_response, final_report, final_report_hash, lead_reviewer_id, started_on,
            finalised_on)
        SELECT {uid("rev", "g || '-' || r")}, now() - interval '90 days', now(), {uid("cyc", "g")},
            'QA-' || extract(year FROM {plan.d})::int - r || '-' || lpad(g::text, 4, '0'),
            {plan.d} - 365 * r + mod(g, 60)::int - 30, 'Practice is whānau-centred.', st,
            CASE WHEN st IN ('final') THEN 'We accept the findings.' ELSE '' END, '', '', {hub},
            CASE WHEN st <> 'planned' THEN {plan.d} - 20 END, CASE WHEN st = 'final' THEN {plan.d} - 5 END
        FROM generate_series(1, {p}) AS g, generate_series(0, 1) AS r,
        LATERAL (SELECT CASE WHEN r = 1 THEN 'final' ELSE {pick(REVIEW_STATUSES, "g")} END AS st) s;
        INSERT INTO quality_improvementaction (id, created_at, updated_at, review_id, owner_organisation_id,
            title, description, due_on, status, evidence_note, evidence_file, evidence_content_type, created_by_id)
        SELECT {uid("act", "g || '-' || r || '-' || a")}, now() - interval '60 days', now(),
            {uid("rev", "g || '-' || r")}, {uid("org", "g")}, 'Improve kōrero records ' || a, '',
            {plan.d} + 30 * a - 60, CASE WHEN r = 1 THEN 'verified_closed' ELSE {pick(ACTION_STATUSES, "a")} END,
            '', '', '', {hub}
        FROM generate_series(1, {p}) AS g, generate_series(0, 1) AS r, generate_series(0, 4) AS a
        """
    )


def create_tasks(cur: Any, plan: Plan) -> None:
    """R-ALL-8 safety-check tasks, a few open ones for each social worker (bench_worker has some)."""
    assignee = (
        f"CASE WHEN mod(j, 50) = 0 THEN {plan.user('bench_worker', 'j')} ELSE {plan.user('sw', 'j')} END"
    )
    cur.execute(
        f"""
        INSERT INTO notifications_followuptask (id, created_at, updated_at, kind, title, assignee_id,
            subject_type, subject_id, link, due_on, status, completion_note)
        SELECT {uid("task", "j")}, now() - make_interval(days => mod(j, 30)::int), now(), 'agreement_safety_check',
            'Safety check after an agreement ended', {assignee}, 'agreements.agreement', {uid("agr", "j")}::text,
            '/agreements/' || {uid("agr", "j")}::text || '/', {plan.d} + mod(j, 30)::int - 10,
            CASE WHEN mod(j, 3) = 0 THEN 'done' ELSE 'open' END, ''
        FROM generate_series(1, {plan.n(20_000, 20)}) AS j
        """
    )


def reset_counters(cur: Any) -> None:
    """Move each year's counter past the highest number generated so new records get fresh references."""
    for table, last, source in (
        ("agreements_referencesequence", "last", "agreements_agreement"),
        ("referrals_referencecounter", "last", "referrals_referral"),
        ("quality_qareferencecounter", "last", "quality_qareview"),
    ):
        cur.execute(
            f"""
            INSERT INTO {table} (year, {last})
            SELECT split_part(reference, '-', 2)::int, max(split_part(reference, '-', 3)::int)
            FROM {source} WHERE reference ~ '^[A-Z]+-[0-9]{{4}}-[0-9]+$' GROUP BY 1
            ON CONFLICT (year) DO UPDATE SET {last} = greatest({table}.{last}, excluded.{last})
            """
        )
