"""`manage.py setup_db_roles --owner X --app Y`, run once as a PostgreSQL superuser (DATABASE_URL).

Creates the owner and serving roles (passwords from DB_OWNER_PASSWORD / DB_APP_PASSWORD if set), gives the
database and its schema to the owner, sets the owner's default privileges for the serving role and grants
the tables that exist already. Safe to run again. See careportal.audit.roles.
"""

import os

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections, transaction

from careportal.audit import roles


class Command(BaseCommand):
    help = "Create or update the database owner role and the serving role (PostgreSQL, as a superuser)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--owner", required=True, help="role that owns the tables and runs migrations")
        parser.add_argument("--app", required=True, help="role that gunicorn and Celery connect as")
        parser.add_argument("--database", default="default", help="database alias (default: default)")

    def handle(self, *args, **options) -> None:
        owner, app = options["owner"], options["app"]
        if owner == app:
            raise CommandError("The owner and the serving role must be two roles.")
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            raise CommandError("Database roles are PostgreSQL only; SQLite (the quick start) has none.")
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            roles.ensure_role(cursor, owner, os.environ.get("DB_OWNER_PASSWORD"))
            roles.ensure_role(cursor, app, os.environ.get("DB_APP_PASSWORD"))
            roles.setup_database(cursor, database=connection.settings_dict["NAME"], owner=owner, app=app)
            roles.grant_serving_role(cursor, app)
        self.stdout.write(f"Roles ready: {owner} owns {connection.settings_dict['NAME']}; {app} serves.")
