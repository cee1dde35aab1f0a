"""The Job model moves from `stories` to `jobs` in Django's state only: the table keeps its name
(`stories_job`) and every row stays where it is, so no data moves and nothing is locked."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('jobs', '0001_job_moved_from_stories'),
        ('refinements', '0002_refinement_texts_from_scene_changes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='refinement',
                    name='job',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='refinements', to='jobs.job'),
                ),
            ],
            database_operations=[],
        ),
    ]
