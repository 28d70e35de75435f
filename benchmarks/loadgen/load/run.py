"""Run every generation step in one transaction, timing each."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any

from . import agreements, people, referrals, rest
from .plan import Plan

STEPS: tuple[tuple[str, Callable[[Any, Plan], None]], ...] = (
    ("organisations", people.create_organisations),
    ("users", people.create_users),
    ("partner applications, approvals, accreditations", people.create_partner_path),
    ("tamariki", agreements.create_children),
    ("agreements, parties, signatures, endings", agreements.create_agreements),
    ("referrals, decisions, contacts", referrals.create_referrals),
    ("audit trail", rest.create_audit),
    ("QA cycles, reviews, actions", rest.create_quality),
    ("follow-up tasks", rest.create_tasks),
)


class AlreadyLoaded(Exception):
    pass


def generate(cur: Any, *, scale: float, today: date, log: Callable[[str], None]) -> Plan:
    """Write the load data through `cur` (the caller owns the transaction). Returns the plan used."""
    cur.execute("SELECT 1 FROM accounts_user WHERE username = 'bench_supervisor'")
    if cur.fetchone():
        raise AlreadyLoaded("This database already holds load data: generate into a fresh database.")
    cur.execute("SET LOCAL synchronous_commit = off; SET LOCAL work_mem = '256MB'")
    plan = Plan(scale=scale, today=today)
    started = time.perf_counter()
    for label, step in STEPS:
        t0 = time.perf_counter()
        step(cur, plan)
        log(f"{label}: {time.perf_counter() - t0:.1f} s")
    rest.reset_counters(cur)
    cur.execute("ANALYZE")
    log(f"total {time.perf_counter() - started:.1f} s")
    return plan


def counts(cur: Any) -> dict[str, int]:
    """Row counts of the main tables (for the report and the test)."""
    tables = (
        "partners_organisation", "accounts_user", "agreements_child", "agreements_agreement",
        "agreements_party", "referrals_referral", "referrals_referralcontact", "audit_auditentry",
        "partners_application", "quality_qareview", "quality_improvementaction",
    )  # fmt: skip
    result = {}
    for table in tables:
        cur.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - our own table names
        result[table] = cur.fetchone()[0]
    return result
