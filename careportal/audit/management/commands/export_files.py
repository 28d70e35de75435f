"""`manage.py export_files DIR`: copy every private file (local directory or container) into DIR, with a
SHA-256 manifest (scripts/backup.sh; careportal/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from careportal.backup import BackupError, export_files


class Command(BaseCommand):
    help = "Copy every file of the private storage into a new folder, with MANIFEST.sha256."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="a new or empty folder")

    def handle(self, *args, **options) -> None:
        try:
            count = export_files(options["folder"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Exported {count} files to {options['folder']}.")
