"""`manage.py generate_load_data --scale N [--database-url URL]`: benchmark volumes, fast (decision 0010).

Scale 1: ~1,000 organisations (200 approved care partners), 50,000 tamariki, 100,000 agreements in every
state, 200,000 referrals with 1,000,000 contacts, 2,000,000 audit rows. Into a freshly migrated database.
Users bench_supervisor, bench_worker, bench_coordinator, bench_hub, bench_partner (partner_admin of an
approved partner) and bench_provider sign in with the password "bench-password".
"""

from __future__ import annotations

from datetime import date
from typing import Any

import psycopg
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from benchmarks.loadgen.load.run import AlreadyLoaded, counts, generate


class Command(BaseCommand):
    help = "Generate realistic load data (set-based SQL) for the benchmark."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, required=True, help="1 = national volumes; 0.1, 0.01 …")
        parser.add_argument(
            "--database-url", help="Another PostgreSQL database (default: the configured one)."
        )
        parser.add_argument("--today", type=date.fromisoformat, help="The date the data is generated around.")

    def handle(self, *args: Any, **options: Any) -> None:
        scale = options["scale"]
        if not 0 < scale <= 10:
            raise CommandError("--scale must be above 0 and at most 10.")
        today = options["today"] or timezone.localdate()
        log = self.stdout.write
        try:
            if options["database_url"]:
                with psycopg.connect(options["database_url"]) as conn, conn.cursor() as cur:
                    generate(cur, scale=scale, today=today, log=log)
                    found = counts(cur)
                with psycopg.connect(options["database_url"], autocommit=True) as conn:
                    conn.execute("VACUUM (ANALYZE)")
            else:
                with transaction.atomic(), connection.cursor() as cur:
                    generate(cur, scale=scale, today=today, log=log)
                    found = counts(cur)
                if not connection.in_atomic_block:  # not inside a test's transaction
                    with connection.cursor() as cur:
                        # Like a database autovacuum has caught up with: visibility map set, so counts
                        # are index-only scans, as in a long-running production database.
                        cur.execute("VACUUM (ANALYZE)")
        except AlreadyLoaded as error:
            raise CommandError(str(error)) from error
        for table, number in found.items():
            log(f"{table}: {number:,}")
