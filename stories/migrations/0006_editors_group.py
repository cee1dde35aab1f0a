"""The `revert_story` permission and an "Editors" group: view everything editors review, and revert.

Permissions are normally created after migrations run (post_migrate); this migration creates
the ones it hands out itself, so the group is complete on a fresh database too.
"""

from django.db import migrations

EDITORS = "Editors"
REVERT = ("stories", "story", "revert_story", "Can revert a story to an earlier version")
VIEWED = [
    ("stories", "story"),
    ("stories", "scene"),
    ("stories", "storyversion"),
    ("stories", "character"),
    ("stories", "storycharacter"),
    ("stories", "job"),
    ("stories", "batch"),
    ("refinements", "refinement"),
    ("images", "storyimage"),
    ("exports", "exportartifact"),
]


def _permission(apps, app_label: str, model: str, codename: str, name: str):
    content_type_model = apps.get_model("contenttypes", "ContentType")
    permission_model = apps.get_model("auth", "Permission")
    content_type, _ = content_type_model.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = permission_model.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def _verbose_name(apps, app_label: str, model: str) -> str:
    try:
        return str(apps.get_model(app_label, model)._meta.verbose_name)
    except LookupError:
        return model


def create_editors_group(apps, schema_editor):
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=EDITORS)
    permissions = [_permission(apps, *REVERT)]
    permissions += [
        _permission(apps, app_label, model, f"view_{model}", f"Can view {_verbose_name(apps, app_label, model)}")
        for app_label, model in VIEWED
    ]
    group.permissions.add(*permissions)


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0005_job_kind_narration"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="story",
            options={
                "ordering": ["-created_at", "-id"],
                "permissions": [("revert_story", "Can revert a story to an earlier version")],
                "verbose_name_plural": "stories",
            },
        ),
        migrations.RunPython(create_editors_group, remove_editors_group),
    ]
