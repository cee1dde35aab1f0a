"""The Job model moves from `stories` to `jobs` in Django's state only: the table keeps its name
(`stories_job`) and every row stays where it is, so no data moves and nothing is locked."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('jobs', '0001_job_moved_from_stories'),
        ('spend', '0002_ledger_outlives_users'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='spendentry',
                    name='job',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='spend_entries', to='jobs.job'),
                ),
            ],
            database_operations=[],
        ),
    ]
