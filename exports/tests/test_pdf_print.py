"""The PDF reads as a printed book: typographic quotes, and a byline only for a real name."""

import pytest

from exports.services import export_story
from exports.tests.pdf_reading import pdf_text
from stories.tests.factories import story_with_scenes

pytestmark = pytest.mark.django_db
DIALOGUE = (
    '"Hello there," said the fox. "It\'s the moon\'s night, and the foxes\' den is dark."\n\n'
    'Mira whispered, "Tock said \'wait for me\' and ran off." Then the old ("broken") lamp lit up.'
)


def printed(story) -> str:
    return pdf_text(export_story(story=story, format="pdf").file.read())


def test_the_pdf_prints_typographic_quotes_and_apostrophes(user):
    story = story_with_scenes(user, count=1, scene_content=DIALOGUE, title="The Fox's Lamp")

    text = printed(story)

    assert "The Fox’s Lamp" in text
    assert "“Hello there,” said the fox. “It’s the moon’s night, and the foxes’ den is dark.”" in text
    assert "Mira whispered, “Tock said ‘wait for me’ and ran off.”" in text
    assert "Then the old (“broken”) lamp lit up." in text
    assert '"' not in text and "'" not in text


def test_the_byline_shows_the_owners_full_name_never_the_login_name(django_user_model):
    named = django_user_model.objects.create_user(
        username="ada-1796631807", first_name="Ada", last_name="Lovelace"
    )
    nameless = django_user_model.objects.create_user(username="fox-1796631808")

    named_text = printed(story_with_scenes(named, count=1))
    nameless_text = printed(story_with_scenes(nameless, count=1))

    assert "by Ada Lovelace" in named_text and "ada-1796631807" not in named_text
    assert "fox-1796631808" not in nameless_text
    assert " by " not in nameless_text.lower()
