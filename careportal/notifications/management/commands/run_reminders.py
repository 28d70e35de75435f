from datetime import date

from django.core.management.base import BaseCommand, CommandError

from careportal.lib.dates import nz_today
from careportal.notifications.sweep import run_daily_sweep


class Command(BaseCommand):
    help = "Run the daily sweep (reminders, automatic expiry) as if today were --today. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="a New Zealand date, YYYY-MM-DD (default: today)")

    def handle(self, *args, **options):
        today = nz_today()
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError(
                    f"--today must be a date like 2026-11-22, not {options['today']!r}."
                ) from exc
        report = run_daily_sweep(today)
        self.stdout.write(f"Daily sweep for {today.isoformat()}:")
        for line in report:
            self.stdout.write(f"  {line}")
        if not report:
            self.stdout.write("  nothing was due.")
