"""The Job model moves from `stories` to `jobs` in Django's state only: the table keeps its name
(`stories_job`) and every row stays where it is, so no data moves and nothing is locked."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('images', '0002_keep_pictures_of_replaced_scenes'),
        ('jobs', '0001_job_moved_from_stories'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='storyimage',
                    name='job',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='story_images', to='jobs.job'),
                ),
            ],
            database_operations=[],
        ),
    ]
