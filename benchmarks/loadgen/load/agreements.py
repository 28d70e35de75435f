# ruff: noqa: S608 - SQL built only from our own constants and integers (no user input), for load data
"""Tamariki and care agreements in every state: parties, signatures, FGC approvals, extensions, endings.

The legal maximum is computed as agreements.rules does: s139 28 days counting the start (R-139-1,
R-DATE-2); s140(1)(a)-(c) 6 months under 7 on the start date, else 12 (R-140-2, R-AGE-2); (d) 12 months
for rangatahi 15 or over (R-140-3); "months" per R-DATE-3; capped the day before the 18th birthday (R-AGE-3).
"""

from __future__ import annotations

from typing import Any

from .plan import IWI, SITES, Plan, name_sql, pick, seq, uid

# Status by g mod 100: the shares of a mature national caseload (most agreements have ended).
STATUS_BANDS = (
    (15, "active"), (17, "notice_given"), (62, "expired"), (77, "terminated"), (82, "cancelled"),
    (88, "draft"), (91, "awaiting_fgc"), (95, "awaiting_supervisor"), (98, "awaiting_signatures"),
    (99, "awaiting_start"), (100, "lapsed"),
)  # fmt: skip
SIGNED = "('active', 'notice_given', 'expired', 'terminated')"
APPROVED = (
    "('awaiting_signatures', 'awaiting_start', 'active', 'notice_given', 'expired', 'terminated', 'lapsed')"
)
# R-ALL-10: why an agreement awaiting its start, or lapsed, is in that status (as the app words it).
STATUS_REASON = (
    "CASE WHEN st = 'awaiting_start' THEN 'Signed; in force from ' || to_char(start, 'FMDD FMMonth YYYY') || '.' "
    "WHEN st = 'lapsed' THEN 'Lapsed: not fully signed by its start date, ' || to_char(start, 'FMDD FMMonth YYYY') "
    "|| '; it was never in force.' ELSE '' END"
)


def create_children(cur: Any, plan: Plan) -> None:
    """Tamariki aged 5 to 17 today (so every generated agreement started after birth, before 18)."""
    cur.execute(
        f"""
        INSERT INTO agreements_child (id, created_at, updated_at, name, date_of_birth, iwi, case_reference)
        SELECT {uid("child", "g")}, now() - interval '5 years', now(), {name_sql("g")},
            {plan.d} - (1830 + mod(g * 7919, 4370))::int, {pick(IWI, "g")}, 'CYRAS-' || (9000000 + g)
        FROM generate_series(1, {plan.children}) AS g
        """
    )


def _months(start: str, months: str) -> str:
    """R-DATE-3 last day of a term of `months` months (end of month when the day does not exist)."""
    shifted = f"({start} + make_interval(months => {months}))::date"
    return f"(CASE WHEN extract(day FROM {shifted}) < extract(day FROM {start}) THEN {shifted} ELSE {shifted} - 1 END)"


def _stage_table(cur: Any, plan: Plan) -> None:
    """A temporary table of every agreement's computed values, reused for parties, endings and audit."""
    status = "CASE " + " ".join(f"WHEN mod(g, 100) < {hi} THEN '{st}'" for hi, st in STATUS_BANDS) + " END"
    child_no = f"1 + mod(g * 31, {plan.children})"
    dob = f"({plan.d} - (1830 + mod(({child_no})::bigint * 7919, 4370))::int)"
    cur.execute(
        f"""
        CREATE TEMP TABLE bench_ag ON COMMIT DROP AS
        SELECT g, st, child_no, dob,
            CASE WHEN st = 'awaiting_fgc' OR mod(g / 100, 5) < 3 THEN 's140' ELSE 's139' END AS typ
        FROM (SELECT g, {status} AS st, {child_no} AS child_no, {dob} AS dob
              FROM generate_series(1, {plan.agreements}) AS g) s
        """
    )
    t = plan.d
    cur.execute(
        f"""
        ALTER TABLE bench_ag ADD COLUMN start date, ADD COLUMN para text, ADD COLUMN statmax date,
            ADD COLUMN legal_max date, ADD COLUMN end_date date, ADD COLUMN created timestamptz;
        UPDATE bench_ag SET start = CASE
            WHEN st IN ('active', 'notice_given') AND typ = 's139' THEN {t} - mod(g, 20)::int
            WHEN st IN ('active', 'notice_given') THEN {t} - mod(g, 150)::int
            WHEN st IN ('expired', 'terminated') THEN {t} - (400 + mod(g * 13, 1050))::int
            WHEN st = 'cancelled' THEN {t} - (30 + mod(g, 700))::int
            WHEN st = 'lapsed' THEN {t} - (1 + mod(g, 60))::int
            ELSE {t} + (3 + mod(g, 30))::int END;
        UPDATE bench_ag SET para = CASE WHEN typ = 's139' THEN ''
            WHEN mod(g, 4) = 3 AND start >= (dob + interval '15 years')::date THEN 'd'
            ELSE (ARRAY['a', 'b', 'c'])[1 + mod(g, 3)] END;
        UPDATE bench_ag SET statmax = CASE WHEN typ = 's139' THEN start + 27
            WHEN para <> 'd' AND start < (dob + interval '7 years')::date THEN {_months("start", "6")}
            ELSE {_months("start", "12")} END;
        UPDATE bench_ag SET legal_max = least(statmax, (dob + interval '18 years')::date - 1),
            created = (least(start, {t}) - 10)::timestamp AT TIME ZONE 'Pacific/Auckland'
                + make_interval(hours => 9 + mod(g, 8)::int, mins => mod(g, 60)::int);
        UPDATE bench_ag SET end_date = CASE WHEN st NOT IN ('active', 'notice_given') AND mod(g, 3) = 0
            THEN greatest(start, legal_max - mod(g, 20)::int) ELSE legal_max END;
        ALTER TABLE bench_ag ADD PRIMARY KEY (g);
        """
    )


def create_agreements(cur: Any, plan: Plan) -> None:
    _stage_table(cur, plan)
    sw, sup = plan.user("sw", "g"), plan.user("supervisor", "g")
    caregiver = f"CASE WHEN mod(g, 10) < 7 THEN {plan.org('partner', 'g / 10')} END"
    basis = (
        "CASE WHEN legal_max < statmax THEN 'No care agreement may run on or past the 18th birthday (R-AGE-3).' "
        "WHEN typ = 's139' THEN 'Temporary care (s139) may last at most 28 days, counting the start date.' "
        "ELSE 'Extended care (s140): the statutory maximum for the child''s age on the start date.' END"
    )
    cur.execute(
        f"""
        INSERT INTO agreements_agreement (id, created_at, updated_at, reference, agreement_type,
            s140_paragraph, start_date, end_date, end_plan, contact_person, educational_needs, social_needs,
            cultural_needs, religious_needs, services_programme, parent_rights_obligations,
            access_arrangements, termination_terms, serious_concerns_ruled_out, legal_max_end_date,
            legal_basis, site, return_reason, status_reason, status, drafted_by_id, child_id, caregiver_organisation_id,
            approved_by_id, approved_at, activated_on)
        SELECT {uid("agr", "g")}, created, created,
            'CA-' || yr || '-' || {seq("row_number() OVER (PARTITION BY yr ORDER BY g)")},
            typ, para, start, end_date,
            CASE WHEN para = 'd' THEN 'transition_to_independence' ELSE 'return_home' END,
            'The site''s duty social worker', 'Stays at the same kura.', 'Weekly sport with cousins.',
            'Kapa haka and kōrero with whānau.', 'None stated.', 'Whānau hui every fortnight.',
            'Parents keep guardianship and are consulted on schooling.', 'Supervised visits weekly.',
            '', true, legal_max, {basis}, {pick(SITES, "g")}, '', {STATUS_REASON}, st, {sw}, {uid("child", "child_no")},
            {caregiver},
            CASE WHEN st IN {APPROVED} THEN {sup} END,
            CASE WHEN st IN {APPROVED} THEN created + interval '5 days' END,
            CASE WHEN st IN {SIGNED} THEN start END
        FROM (SELECT *, extract(year FROM created AT TIME ZONE 'Pacific/Auckland')::int AS yr FROM bench_ag) a
        """
    )
    _create_parties(cur, plan)
    _create_extensions(cur, plan)
    _create_endings(cur, plan)


def _create_parties(cur: Any, plan: Plan) -> None:
    """R-ALL-6: a parent with custody and a second party; both sign before activation."""
    sw = plan.user("sw", "g")
    cur.execute(
        f"""
        INSERT INTO agreements_party (id, created_at, updated_at, position, name, role, has_custody_right,
            signatory, agreement_id)
        SELECT {uid("party", "g || '-' || p")}, created, created, p, {name_sql("g * 3 + p")},
            CASE WHEN p = 0 OR mod(g, 2) = 0 THEN 'parent' ELSE 'whanau_member' END,
            p = 0 OR mod(g, 2) = 0, true, {uid("agr", "g")}
        FROM bench_ag, generate_series(0, 1) AS p
        """
    )
    cur.execute(
        f"""
        INSERT INTO agreements_signature (id, created_at, updated_at, signed_on, party_id, recorded_by_id)
        SELECT {uid("sig", "g || '-' || p")}, created, created, least(start, {plan.d}) - 1,
            {uid("party", "g || '-' || p")}, {sw}
        FROM bench_ag, generate_series(0, 1) AS p
        WHERE st IN {SIGNED} OR st = 'awaiting_start' OR (st IN ('awaiting_signatures', 'lapsed') AND p = 0)
        """
    )
    cur.execute(
        f"""
        INSERT INTO agreements_fgcapproval (id, created_at, updated_at, agreement_id, purpose, held_on,
            coordinator_certified, recorded_by_id)
        SELECT {uid("fgc", "g")}, created, created, {uid("agr", "g")}, 'make', least(start, {plan.d}) - 5, true,
            {plan.user("coordinator", "g")}
        FROM bench_ag WHERE typ = 's140' AND st NOT IN ('draft', 'awaiting_fgc', 'cancelled')
        """
    )


def _create_extensions(cur: Any, plan: Plan) -> None:
    """R-139-2: one s139 agreement in ten that came into force was extended once, from the day after its
    first last day (halfway through its term here), recorded on that day, by at most 28 days."""
    cur.execute(
        f"""
        INSERT INTO agreements_extension (id, created_at, updated_at, agreement_id, start_date, end_date,
            previous_end_date, approved_on, approved_by_id, fgc_held_on, legal_max_end_date, legal_basis)
        SELECT {uid("ext", "g")}, created, created, {uid("agr", "g")}, first_last + 1, end_date, first_last,
            least(first_last, {plan.d}), {plan.user("sw", "g")}, NULL, first_last + 28,
            'One extension of temporary care (s139) of at most 28 days (R-139-2).'
        FROM (SELECT *, start + (end_date - start) / 2 AS first_last FROM bench_ag
              WHERE typ = 's139' AND st IN {SIGNED} AND mod(g, 10) = 4 AND end_date - start >= 2) a
        """
    )
    cur.execute(
        """
        UPDATE agreements_agreement a SET legal_max_end_date = e.legal_max_end_date, legal_basis = e.legal_basis
        FROM agreements_extension e WHERE e.agreement_id = a.id
        """
    )


def _create_endings(cur: Any, plan: Plan) -> None:
    """Expiry the day after the last day (R-ALL-1); notice and other endings before it (R-140-6, R-ALL-7)."""
    kinds = ("notice", "guardian_reclaim", "fgc_decision", "child_withdrew_consent")
    effective = (
        f"CASE WHEN st = 'expired' THEN end_date + 1 WHEN st = 'notice_given' THEN least(end_date + 1, "
        f"{plan.d} + 1 + mod(g, 6)::int) ELSE start + (end_date - start) / 2 + 1 END"
    )
    kind = f"CASE WHEN st = 'expired' THEN 'expiry' WHEN st = 'notice_given' THEN 'notice' ELSE {pick(kinds, 'g')} END"
    cur.execute(
        f"""
        INSERT INTO agreements_termination (id, created_at, updated_at, kind, given_on, effective_on, form,
            reason, agreement_id, party_id, recorded_by_id)
        SELECT {uid("end", "g")}, created, created, kind, CASE WHEN kind <> 'expiry' THEN eff - 8 END, eff,
            CASE WHEN kind = 'notice' THEN 'written' ELSE '' END,
            CASE WHEN kind = 'expiry' THEN '' ELSE 'Recorded at the whānau hui.' END, {uid("agr", "g")},
            CASE WHEN kind IN ('notice', 'guardian_reclaim') THEN {uid("party", "g || '-0'")} END,
            CASE WHEN kind <> 'expiry' THEN {plan.user("sw", "g")} END
        FROM (SELECT *, {effective} AS eff, {kind} AS kind FROM bench_ag
              WHERE st IN ('expired', 'terminated', 'notice_given')) a
        """
    )
