from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from careportal.demo import USERS, seed_demo
from careportal.lib.dates import nz_today


class Command(BaseCommand):
    help = "Create (idempotently) demo organisations, one user per role and records in every state."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="demo-password", help="password for every demo user")
        parser.add_argument("--force", action="store_true", help="run even when DEBUG is off")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError("Refusing to create demo users with DEBUG off; pass --force if you mean it.")
        seed_demo(password=options["password"], today=nz_today())
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Users: {', '.join(USERS)}."))
