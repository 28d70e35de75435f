"""One search (careportal.search): names match without macrons or case through `search_fold(text)`.

PostgreSQL only (the SQLite quick start registers a Python `search_fold` on its connection and needs no
index). unaccent() is STABLE, not IMMUTABLE (it reads its dictionary through the search_path), so no index
may use it: `search_fold` names the dictionary by schema and is declared IMMUTABLE, which makes it usable
in an index; lower() after unaccent() so that the case folds whatever the database's LC_CTYPE. The
trigram index serves `search_fold(name) LIKE '%…%'` at 50,000 tamariki (decision 0010). Both extensions
are created in `public`, as migration 0002 created pg_trgm.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

FORWARD_SQL = [
    "CREATE OR REPLACE FUNCTION search_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT "
    "AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$",
    "CREATE INDEX IF NOT EXISTS child_name_folded_trgm ON agreements_child "
    "USING gin (search_fold(name::text) gin_trgm_ops)",
]
REVERSE_SQL = ["DROP INDEX IF EXISTS child_name_folded_trgm", "DROP FUNCTION IF EXISTS search_fold(text)"]


def _run(apps, schema_editor, statements):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in statements:
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _run(apps, schema_editor, FORWARD_SQL)


def backwards(apps, schema_editor):
    _run(apps, schema_editor, REVERSE_SQL)


class Migration(migrations.Migration):
    dependencies = [("agreements", "0007_signed_versions")]

    operations = [UnaccentExtension(), migrations.RunPython(forwards, backwards)]
