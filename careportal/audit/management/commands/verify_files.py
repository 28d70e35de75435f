"""`manage.py verify_files`: every file the database names is in the private storage, and every recorded
SHA-256 still matches; exit 1 listing what is wrong (scripts/restore.sh; careportal/backup.py)."""

from django.core.management.base import BaseCommand, CommandError

from careportal.backup import verify_files


class Command(BaseCommand):
    help = "Check that every stored file the database names is in the private storage, unchanged."

    def handle(self, *args, **options) -> None:
        result = verify_files()
        if result.problems:
            raise CommandError(
                f"{len(result.problems)} of {result.checked} files: " + "; ".join(result.problems)
            )
        self.stdout.write(f"All {result.checked} files are in the private storage.")
