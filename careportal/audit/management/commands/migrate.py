"""`manage.py migrate`, connecting as the owner role when DATABASE_OWNER_URL is set.

The serving role (DATABASE_URL) owns nothing and may not create tables, so migrations run as the owner of
the tables, triggers and functions; afterwards the serving role is granted the new tables, with only
INSERT and SELECT on the audit tables (careportal.audit.roles). Swapping the credentials of the `default`
connection, rather than a second alias, keeps every migration and post-migrate handler on one connection.
"""

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import connections, transaction

from careportal.audit import roles

_CREDENTIALS = ("USER", "PASSWORD", "HOST", "PORT")


class Command(DjangoMigrate):
    def handle(self, *args, **options) -> None:
        owner = getattr(settings, "DATABASE_OWNER", None)
        connection = connections[options["database"]]
        if not owner or connection.vendor != "postgresql":
            super().handle(*args, **options)
            return
        serving = connection.settings_dict["USER"]
        if owner["NAME"] != connection.settings_dict["NAME"]:
            raise CommandError("DATABASE_OWNER_URL must name the same database as DATABASE_URL.")
        connection.close()
        original = {key: connection.settings_dict.get(key) for key in _CREDENTIALS}
        connection.settings_dict.update({key: owner.get(key) for key in _CREDENTIALS})
        try:
            super().handle(*args, **options)
            if serving and serving != owner["USER"]:
                with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
                    roles.grant_serving_role(cursor, serving)
        finally:
            connection.close()
            connection.settings_dict.update(original)
