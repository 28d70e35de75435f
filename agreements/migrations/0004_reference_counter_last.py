"""The agreement counter's column has the shared name (careportal.lib.references.YearlyCounter).

A rename of the column: every year's row and its last number are kept, so no reference changes.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0003_text_limits"),
    ]

    operations = [
        migrations.RenameField(model_name="referencesequence", old_name="last_number", new_name="last"),
    ]
