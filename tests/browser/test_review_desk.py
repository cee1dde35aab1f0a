"""An editor at the review desk, in Chromium: read a version's diff, revert with confirmation,
read a refinement; and the API docs with no network. Screenshots go to browser-screenshots/."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from refinements.models import Refinement
from stories.models import Story
from stories.services.scenes import edit_scene
from stories.tests.factories import story_with_scenes
from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "an-editors-passphrase-1"
RAIN = "Rain began to fall on the quiet village, and Mira pulled her yellow hood over her braids."
CAVES = "The Riddle of the Crystal Caves"
SNOW = "Snow began to fall on the sleepy village, and Mira pulled her yellow hood over her braids."


@pytest.fixture
def story(user):
    story = story_with_scenes(user, count=4, title="The Lighthouse Keeper's Apprentice")
    edit_scene(
        story=story, scene_id="scene_2", by=user, title="The Riddle of the Crystal Caves", content=RAIN
    )
    edit_scene(story=story, scene_id="scene_2", by=user, content=SNOW)
    story.refresh_from_db()
    return story


@pytest.fixture
def editor(django_user_model):
    """A staff member of the Editors group. Live-server tests empty the database after each
    test, data migrations included, so the group is made again by the migration's own code."""
    import_module("stories.migrations.0006_editors_group").create_editors_group(apps, None)
    editor = django_user_model.objects.create_user(username="edith", password=PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    return editor


def log_in(page, live_server, editor, next_path: str) -> None:
    page.goto(f"{live_server.url}/admin/login/?next={next_path}")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}{next_path}")


def fits_the_width(page) -> bool:
    """Nothing wider than the window: no clipped column and no sideways scrolling."""
    return page.evaluate(
        """() => {
            const diff = document.querySelector('[data-testid=story-diff]').getBoundingClientRect();
            const width = window.innerWidth;
            return document.documentElement.scrollWidth <= width && diff.right <= width;
        }"""
    )


def assert_marked(page, selector: str, text: str) -> None:
    mark = page.locator(f"[data-testid=story-diff] {selector}", has_text=text).first
    expect(mark).to_be_visible()
    box = mark.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"], box
    background = mark.evaluate("element => getComputedStyle(element).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), background


def test_an_editor_reads_the_diff_and_reverts_after_confirming(
    offline_page, live_server, editor, story, screenshot
):
    page = offline_page()
    third = story.versions.get(version=3)
    path = f"/admin/stories/storyversion/{third.pk}/change/"
    log_in(page, live_server, editor, path)

    expect(page.get_by_role("heading", name=f"Manual edit · Scene 2 · {CAVES}")).to_be_visible()
    expect(page.get_by_role("heading", name=f"Scene 2 · {CAVES} Changed")).to_be_visible()
    assert_marked(page, "del", "Rain")
    assert_marked(page, "ins", "Snow")
    assert_marked(page, "ins", "sleepy")
    assert fits_the_width(page)
    screenshot(page, "version-diff-1280")

    page.select_option("#id_against", "1")
    page.click("button[form=compare-form]")
    expect(page.locator(".diff-sides")).to_contain_text("From version 1 to version 3")
    screenshot(page, "version-compare-1-3-1280")

    first = story.versions.get(version=1)
    page.goto(f"{live_server.url}/admin/stories/storyversion/{first.pk}/change/")
    page.click("text=Revert the story to version 1…")
    summary = page.locator(".revert-summary")
    expect(summary).to_contain_text("Scenes changed: Scene 2 · Scene 2")
    screenshot(page, "revert-confirmation-1280")
    story.refresh_from_db()
    assert story.version == 3

    page.click("input[value='Yes, revert to version 1']")
    expect(page.locator(".messagelist .success")).to_contain_text("from version 3 to the text of version 1")
    expect(page.get_by_text("Reverted to version 1")).to_be_visible()
    story.refresh_from_db()
    assert story.version == 4
    assert story.versions.get(version=4).created_by == editor
    screenshot(page, "story-after-revert-1280")


def test_the_diff_reads_on_a_phone(offline_page, live_server, editor, story, screenshot):
    page = offline_page(viewport=PHONE)
    third = story.versions.get(version=3)
    log_in(page, live_server, editor, f"/admin/stories/storyversion/{third.pk}/change/")
    assert_marked(page, "ins", "Snow")
    assert fits_the_width(page)
    screenshot(page, "version-diff-phone")


def test_the_refinement_page_shows_before_and_after(
    offline_page, live_server, editor, story, user, screenshot
):
    refinement = Refinement.objects.create(
        story=story,
        kind="scene",
        scene_id="scene_2",
        refinement_type="increase_dialogue",
        scene_changes=[
            {
                "scene_id": "scene_2",
                "before_title": CAVES,
                "before_content": SNOW,
                "after_title": CAVES,
                "after_content": SNOW + '\n\n"Tock," Mira whispered, "do you hear the caves singing?"',
                "summary": "more dialogue",
            }
        ],
        from_version=3,
        to_version=4,
        user=user,
    )
    page = offline_page()
    log_in(page, live_server, editor, f"/admin/refinements/refinement/{refinement.pk}/change/")
    expect(page.get_by_role("heading", name="Before and after: Increase dialogue")).to_be_visible()
    expect(page.locator(".para-added", has_text="do you hear the caves singing")).to_be_visible()
    assert "increase_dialogue" not in page.locator("#content").inner_text()
    assert fits_the_width(page)
    screenshot(page, "refinement-1280")


@pytest.mark.parametrize(
    ("path", "rendered"), [("/api/docs/", ".opblock"), ("/api/redoc/", "[role=menuitem]")]
)
def test_the_api_docs_work_with_no_network(offline_page, live_server, path, rendered, screenshot):
    page = offline_page()
    page.goto(f"{live_server.url}{path}")
    page.wait_for_selector(rendered, timeout=20_000)
    assert page.locator(rendered).count() > 5
    assert offline_page.refused == []
    screenshot(page, f"docs-{path.strip('/').replace('/', '-')}")


def test_saving_a_story_page_without_a_change_makes_no_version(
    offline_page, live_server, django_user_model, story
):
    """Chromium sends a textarea's lines as CRLF; the same text must not become a version."""
    scene = story.scenes.get(scene_id="scene_3")
    scene.content = "The first paragraph of the scene.\n\nThe second, after a blank line."
    scene.save()
    admin = django_user_model.objects.create_superuser(username="ada", password=PASSWORD)
    Story.objects.filter(pk=story.pk).update(owner=admin)  # only a story's owner edits its scenes
    page = offline_page()
    path = f"/admin/stories/story/{story.pk}/change/"
    log_in(page, live_server, admin, path)
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    story.refresh_from_db()
    assert story.version == 3
    assert story.scenes.get(scene_id="scene_3").content == scene.content
    history = LogEntry.objects.get(object_id=str(story.pk), content_type__model="story")
    assert history.get_change_message() == "No fields changed."
