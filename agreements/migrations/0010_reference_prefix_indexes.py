from django.db import migrations

# PostgreSQL only (decision 0010; the SQLite quick start needs none). The one search and the look-ups
# match a reference whole or by prefix (UPPER(col) = 'X', UPPER(col) LIKE 'X%'); a btree with
# text_pattern_ops serves both in a fraction of a millisecond and walks them in order, where the trigram
# index (kept for `icontains`) took 2-5 ms a condition at scale 1.
FORWARD_SQL = [
    "CREATE INDEX IF NOT EXISTS agreement_reference_upper ON agreements_agreement "
    "(UPPER(reference::text) text_pattern_ops)",
    "CREATE INDEX IF NOT EXISTS child_case_reference_upper ON agreements_child "
    "(UPPER(case_reference::text) text_pattern_ops)",
]
REVERSE_SQL = [
    "DROP INDEX IF EXISTS agreement_reference_upper",
    "DROP INDEX IF EXISTS child_case_reference_upper",
]


def _run(schema_editor, statements):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in statements:
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _run(schema_editor, FORWARD_SQL)


def backwards(apps, schema_editor):
    _run(schema_editor, REVERSE_SQL)


class Migration(migrations.Migration):
    dependencies = [("agreements", "0009_child_name_order")]

    operations = [migrations.RunPython(forwards, backwards)]
