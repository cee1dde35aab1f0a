"""`generate_story --translate`: the same services as the API, against the fake server."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from stories.models import Story

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_story_is_written_then_translated_into_each_language(fake_openai, tmp_path):
    out = io.StringIO()
    call_command(
        "generate_story",
        description="Mia finds an old lantern and carries its light into the dark wood with Leo.",
        characters=["Mia: curious; a yellow coat", "Leo: brave; a blue cap"],
        audience="children_5_7",
        translate="fr,ar",
        timeout=20,
        stdout=out,
    )
    original = Story.objects.get(translated_from__isnull=True)
    translations = {story.language: story for story in Story.objects.filter(translated_from=original)}
    assert set(translations) == {"fr", "ar"}
    for story in translations.values():
        assert list(story.scenes.values_list("scene_id", flat=True)) == list(
            original.scenes.values_list("scene_id", flat=True)
        )
    assert f"Translated into fr: story #{translations['fr'].pk}" in out.getvalue()


def test_a_language_the_provider_cannot_write_is_refused_before_anything_is_written():
    with pytest.raises(CommandError, match="cannot translate into French"):
        call_command(
            "generate_story", description="A fox looks for the moon.", translate="fr", stdout=io.StringIO()
        )
    assert not Story.objects.exists()
