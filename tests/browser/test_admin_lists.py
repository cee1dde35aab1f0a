"""Every admin list shows all its columns in a 1280-pixel window, with realistic rows in it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from exports.services import export_story
from exports.tests.factories import illustrate
from jobs.models import Job, JobStatus
from narration.tests.factories import SceneNarrationFactory
from refinements.models import Refinement
from spend.models import EntryKind, SpendEntry
from stories.models import Batch
from stories.services.scenes import edit_scene
from stories.tests.factories import StoryCharacterFactory, story_with_scenes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-superusers-passphrase-1"
LONG_TITLE = "The Lighthouse Keeper's Apprentice and the Storm Ships of the Northern Rocks"
SNOW = "Snow began to fall on the sleepy village, and Mira pulled her yellow hood over her braids."
LISTS = [
    "stories/story",
    "stories/storyversion",
    "jobs/job",
    "stories/character",
    "stories/batch",
    "refinements/refinement",
    "images/storyimage",
    "narration/scenenarration",
    "exports/exportartifact",
    "spend/spendentry",
    "spend/dailyspend",
    "auth/user",
]


@pytest.fixture
def busy_site(django_user_model):
    """What a site has after a week: long titles, edits, jobs, refinements and spend."""
    owner = django_user_model.objects.create_user(username="mira-the-apprentice-1796631807")
    batch = Batch.objects.create(owner=owner, source="briefs/the-northern-rocks-collection.json")
    for number in range(3):
        story = story_with_scenes(owner, count=5, title=f"{LONG_TITLE} {number}")
        StoryCharacterFactory(story=story, character__name="Tock the Brass Clockwork Fox", role="sidekick")
        illustrate(story)
        SceneNarrationFactory(scene=story.scenes.get(scene_id="scene_1"))
        export_story(story=story, format="markdown")
        edit_scene(
            story=story,
            scene_id="scene_2",
            by=owner,
            title="The Riddle of the Crystal Caves Beneath the Old Lighthouse",
            content=SNOW,
        )
        job = Job.objects.create(
            owner=owner,
            story=story,
            batch=batch,
            kind="refine_style",
            status=JobStatus.SUCCEEDED,
            prompt_tokens=1234,
            estimated_cost_usd=Decimal("0.012345"),
        )
        Refinement.objects.create(
            story=story,
            kind="style",
            refinement_type="increase_dialogue",
            from_version=1,
            to_version=2,
            user=owner,
            job=job,
        )
        SpendEntry.objects.create(
            owner=owner,
            job=job,
            story=story,
            kind=EntryKind.SPEND,
            job_kind="refine_style",
            model="gpt-4o-mini-2024-07-18",
            cost_usd=Decimal("0.012345"),
        )
    return owner


def clipped_columns(page) -> list[str]:
    """The headers of the list's columns that end beyond the right edge of the list's box
    (which scrolls sideways rather than grow) or of the window."""
    return page.evaluate(
        """() => {
            const results = document.querySelector('#changelist .results') || document.body;
            const edge = Math.min(results.getBoundingClientRect().right, window.innerWidth);
            return [...document.querySelectorAll('#result_list thead th')]
                .filter(th => th.getBoundingClientRect().right > edge + 0.5)
                .map(th => th.innerText.trim());
        }"""
    )


def scrolls_sideways(page) -> bool:
    return page.evaluate(
        """() => [document.documentElement, document.querySelector('#changelist .results')]
            .some(box => box && box.scrollWidth > box.clientWidth)"""
    )


@pytest.mark.parametrize("changelist", LISTS)
def test_every_column_of_an_admin_list_shows_at_1280_pixels(
    offline_page, live_server, django_user_model, busy_site, changelist, screenshot
):
    django_user_model.objects.create_superuser(username="ada", password=PASSWORD)
    page = offline_page()
    page.goto(f"{live_server.url}/admin/login/?next=/admin/{changelist}/")
    page.fill("#id_username", "ada")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/{changelist}/")

    screenshot(page, f"admin-list-{changelist.replace('/', '-')}-1280")
    assert page.locator("#result_list tbody tr").count() >= 1
    assert clipped_columns(page) == []
    assert not scrolls_sideways(page)
