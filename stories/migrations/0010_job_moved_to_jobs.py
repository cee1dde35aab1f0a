"""The Job model moves from `stories` to `jobs` in Django's state only: the table keeps its name
(`stories_job`) and every row stays where it is, so no data moves and nothing is locked."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('images', '0003_job_moved_to_jobs'),
        ('narration', '0002_job_moved_to_jobs'),
        ('refinements', '0003_job_moved_to_jobs'),
        ('spend', '0003_job_moved_to_jobs'),
        ('stories', '0009_story_quality'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='Job',
                ),
            ],
            database_operations=[],
        ),
    ]
