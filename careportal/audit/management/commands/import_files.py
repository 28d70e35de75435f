"""`manage.py import_files DIR`: put the files of a backup (export_files) into the EMPTY private storage,
each checked against the manifest first (scripts/restore.sh; careportal/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from careportal.backup import BackupError, import_files


class Command(BaseCommand):
    help = "Restore the files of a backup folder into an empty private storage (directory or container)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="a folder written by export_files")
        parser.add_argument(
            "--check", action="store_true", help="only check the backup and that the storage is empty"
        )

    def handle(self, *args, **options) -> None:
        try:
            count = import_files(options["folder"], check_only=options["check"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        done = "can be imported" if options["check"] else "imported"
        self.stdout.write(f"{count} files {done} from {options['folder']}.")
