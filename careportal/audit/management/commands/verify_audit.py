"""`manage.py verify_audit`: recompute every day's audit digest and name the first day that fails."""

from django.core.management.base import BaseCommand, CommandError

from careportal.audit.digest import verify


class Command(BaseCommand):
    help = "Recompute the chained daily digests of the audit log; exit 1 naming the first day that fails."

    def handle(self, *args, **options) -> None:
        result = verify()
        if result.first_bad_day is not None:
            raise CommandError(
                f"Audit day {result.first_bad_day.isoformat()} does not verify: {result.problem}."
            )
        self.stdout.write(f"All {result.days} audit days verify.")
