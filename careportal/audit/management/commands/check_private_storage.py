"""`manage.py check_private_storage [--create]`: the private storage answers and, for a container, exists
and allows no anonymous read (docs/deploying/storage.md)."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from careportal.storage import private_storage


class Command(BaseCommand):
    help = "Check the private storage: a container must exist and be private (--create makes it, private)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--create", action="store_true", help="create the container (private) if missing")

    def handle(self, *args, **options) -> None:
        storage = private_storage()
        checker = getattr(storage, "check", None)
        if checker is None:
            self.stdout.write(f"Private files are kept in the local directory {storage.location}.")  # type: ignore[attr-defined]
            return
        try:
            self.stdout.write(checker(create=options["create"]))
        except ValueError as problem:
            raise CommandError(str(problem)) from problem
