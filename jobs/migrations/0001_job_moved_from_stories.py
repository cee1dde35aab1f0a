"""The Job model moves from `stories` to `jobs` in Django's state only: the table keeps its name
(`stories_job`) and every row stays where it is, so no data moves and nothing is locked."""

import django.db.models.deletion
import jobs.registry
from django.conf import settings
from django.db import migrations, models


def keep_content_type(apps, schema_editor):
    """Permissions and admin history name the model by content type: move it, rather than
    leave them on a `stories.job` that no longer exists beside a new, bare `jobs.job`."""
    content_types = apps.get_model("contenttypes", "ContentType")
    if not content_types.objects.filter(app_label="jobs", model="job").exists():
        content_types.objects.filter(app_label="stories", model="job").update(app_label="jobs")


def give_content_type_back(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType")
    if not content_types.objects.filter(app_label="stories", model="job").exists():
        content_types.objects.filter(app_label="jobs", model="job").update(app_label="stories")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('stories', '0009_story_quality'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Job',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=jobs.registry.kind_choices, max_length=24)),
                        ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('succeeded', 'Succeeded'), ('failed', 'Failed')], default='queued', max_length=12)),
                        ('params', models.JSONField(blank=True, default=dict)),
                        ('progress_done', models.PositiveIntegerField(default=0)),
                        ('progress_total', models.PositiveIntegerField(default=0)),
                        ('result', models.JSONField(blank=True, null=True)),
                        ('error', models.TextField(blank=True)),
                        ('provider', models.CharField(blank=True, max_length=32)),
                        ('prompt_tokens', models.PositiveIntegerField(default=0)),
                        ('completion_tokens', models.PositiveIntegerField(default=0)),
                        ('images', models.PositiveIntegerField(default=0)),
                        ('estimated_cost_usd', models.DecimalField(decimal_places=6, default=0, max_digits=10)),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('lease_expires_at', models.DateTimeField(blank=True, help_text="Queued: when its message is sent again if no worker took it. Running: when its claim lapses (its kind's time limit plus a grace). Past it, the sweep sends the job again.", null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('started_at', models.DateTimeField(blank=True, null=True)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('batch', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='jobs', to='stories.batch')),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='jobs', to=settings.AUTH_USER_MODEL)),
                        ('story', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='jobs', to='stories.story')),
                    ],
                    options={
                        'db_table': 'stories_job',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(fields=['owner', '-created_at'], name='stories_job_owner_i_af14e3_idx'), models.Index(condition=models.Q(('status__in', ['queued', 'running'])), fields=['lease_expires_at'], name='active_job_lease')],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('status__in', ['queued', 'running'])), fields=('story',), name='one_active_job_per_story')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(keep_content_type, give_content_type_back),
    ]
