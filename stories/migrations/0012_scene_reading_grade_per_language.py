from django.db import migrations, models


class Migration(migrations.Migration):
    """A scene's readability is measured on its language's formula; null where none exists."""

    dependencies = [
        ("stories", "0011_story_language"),
    ]

    operations = [
        migrations.AlterField(
            model_name="scene",
            name="reading_grade",
            field=models.FloatField(
                blank=True,
                default=0.0,
                help_text="Readability on the story language's formula (stories.metrics); null where it has none.",
                null=True,
            ),
        ),
    ]
