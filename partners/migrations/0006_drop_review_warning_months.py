"""Drop Accreditation.review_warning_months: never read. The R-396-5 warnings are sent once each by the
reminder engine's unique key (careportal.notifications.reminders), not by this bookkeeping."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('partners', '0005_text_limits'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='accreditation',
            name='review_warning_months',
        ),
    ]
