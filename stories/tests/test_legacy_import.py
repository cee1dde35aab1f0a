import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from stories.models import Story

pytestmark = pytest.mark.django_db
FIXTURE = Path(__file__).parent / "fixtures" / "legacy_story.json"


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(username="editor", password="x-long-password-1")


def test_legacy_story_imports_as_five_scenes_with_version_1(superuser):
    call_command("import_legacy_stories", str(FIXTURE))
    story = Story.objects.get()
    assert story.owner == superuser
    assert story.title == "The Brave Little Turtle"
    assert story.description.startswith("A small turtle")
    scenes = list(story.scenes.order_by("scene_number"))
    assert [(scene.type, scene.title) for scene in scenes] == [
        ("introduction", "The Beginning"),
        ("rising_action", "Setting Out"),
        ("rising_action", "The Rushing Stream"),
        ("climax", "The Climax"),
        ("conclusion", "The End"),
    ]
    assert [scene.scene_id for scene in scenes] == [f"scene_{n}" for n in range(1, 6)]
    assert scenes[2].content.startswith("A fast stream")
    assert story.version == 1 and story.versions.get().version == 1
    assert story.lessons == ["Being brave does not mean being fast.", "Help others when you can."]
    assert story.total_word_count == sum(scene.word_count for scene in scenes) > 0


def test_a_list_imports_every_story_for_the_named_user(tmp_path, superuser, django_user_model):
    owner = django_user_model.objects.create_user(username="librarian")
    document = json.loads(FIXTURE.read_text())
    path = tmp_path / "many.json"
    path.write_text(json.dumps([document, {**document, "title": "Second"}]))
    call_command("import_legacy_stories", str(path), user="librarian")
    assert list(Story.objects.filter(owner=owner).order_by("pk").values_list("title", flat=True)) == [
        "The Brave Little Turtle",
        "Second",
    ]


def test_a_bad_document_imports_nothing_and_says_which(tmp_path, superuser):
    document = json.loads(FIXTURE.read_text())
    broken = {**document, "story_structure": {**document["story_structure"], "climax": ""}}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps([document, broken]))
    with pytest.raises(CommandError, match=r"story #2: story_structure.climax"):
        call_command("import_legacy_stories", str(path))
    assert not Story.objects.exists()


def test_no_superuser_and_no_user_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No superuser"):
        call_command("import_legacy_stories", str(FIXTURE))


def test_invalid_json_is_a_clear_error(tmp_path, superuser):
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("import_legacy_stories", str(path))
