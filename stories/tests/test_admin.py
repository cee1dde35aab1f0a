"""The editors' admin: version diff, revert through the same service, inline scene edits."""

import pytest
from django.urls import reverse

from refinements.models import Refinement
from stories.tests.factories import story_with_scenes

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model, client):
    editor = django_user_model.objects.create_superuser(username="editor", password="x-editor-pass-1")
    client.force_login(editor)
    return editor


@pytest.fixture
def story(user):
    return edited_story(user)


@pytest.fixture
def own_story(editor):
    """A story of the editor's own: the admin lets only a story's owner rewrite its scenes."""
    return edited_story(editor)


def edited_story(user):
    story = story_with_scenes(user, count=5)
    scene = story.scenes.get(scene_id="scene_1")
    from stories.services.scenes import edit_scene

    edit_scene(story=story, scene_id="scene_1", by=user, content="An edited opening scene for the story.")
    story.refresh_from_db()
    assert scene.content != "An edited opening scene for the story."
    return story


def test_version_page_shows_a_diff_against_the_current_text(client, editor, story):
    version = story.versions.get(version=1)
    response = client.get(reverse("admin:stories_storyversion_change", args=[version.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "the current text (version 2)" in body
    assert 'para-added">An edited opening scene for the story.' in body
    assert "Revert the story to version 1" in body


def test_admin_revert_uses_the_service_and_records_the_editor(client, editor, story):
    version = story.versions.get(version=1)
    response = client.post(
        reverse("admin:stories_storyversion_revert", args=[version.pk]), {"reviewed_at": "2"}
    )
    assert response.status_code == 302
    story.refresh_from_db()
    latest = story.versions.get(version=story.version)
    assert (story.version, latest.change_type, latest.created_by) == (3, "revert", editor)
    assert story.scenes.get(scene_id="scene_1").content == version.snapshot["scenes"][0]["content"]


def test_admin_revert_action_on_the_changelist_asks_first(client, editor, story):
    version = story.versions.get(version=1)
    response = client.post(
        reverse("admin:stories_storyversion_changelist"),
        {"action": "revert_selected", "_selected_action": [version.pk]},
    )
    confirmation = reverse("admin:stories_storyversion_revert", args=[version.pk])
    assert (response.status_code, response["Location"]) == (302, confirmation)
    story.refresh_from_db()
    assert story.version == 2
    assert client.post(confirmation, {"reviewed_at": "2"}).status_code == 302
    story.refresh_from_db()
    assert story.version == 3


def test_inline_scene_edit_creates_a_version(client, editor, own_story):
    story = own_story
    url = reverse("admin:stories_story_change", args=[story.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = scene_form_data(page, story)
    data["scenes-2-content"] = "The editor rewrote the third scene by hand."
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    story.refresh_from_db()
    assert story.version == 3
    assert story.versions.get(version=3).change_type == "manual_edit"
    assert story.scenes.get(scene_id="scene_3").content == "The editor rewrote the third scene by hand."


def scene_form_data(page, story) -> dict:
    """The change form as the browser would send it back unchanged: management forms and scenes."""
    data = management_forms(page)
    for index, scene in enumerate(story.scenes.order_by("scene_number")):
        data.update(
            {
                f"scenes-{index}-id": scene.pk,
                f"scenes-{index}-story": story.pk,
                f"scenes-{index}-title": scene.title,
                f"scenes-{index}-content": scene.content,
            }
        )
    return data


def management_forms(page) -> dict:
    data = {}
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{formset.formset.prefix}-{name}"] = management[name].value()
    return data


def test_refinement_admin_shows_before_and_after(client, editor, story, user):
    refinement = Refinement.objects.create(
        story=story,
        kind="scene",
        scene_id="scene_2",
        refinement_type="add_humor",
        scene_changes=[
            {
                "scene_id": "scene_2",
                "before_title": "Still",
                "before_content": "The fox sat still.",
                "after_title": "Still",
                "after_content": "The fox sat still, until a frog sat on its nose.",
                "summary": "added humour",
            }
        ],
        from_version=2,
        to_version=3,
        user=user,
    )
    response = client.get(reverse("admin:refinements_refinement_change", args=[refinement.pk]))
    assert response.status_code == 200
    assert "frog" in response.content.decode()


def test_a_refused_inline_edit_is_reported_not_a_500(client, editor, own_story):
    story, user = own_story, editor
    from jobs.models import Job, JobStatus

    Job.objects.create(owner=user, story=story, kind="refine_style", status=JobStatus.RUNNING)
    url = reverse("admin:stories_story_change", args=[story.pk])
    data = scene_form_data(client.get(url), story)
    data["scenes-0-content"] = "An edit made while a job is running on the story."
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    shown = [str(message) for message in response.context["messages"]]
    assert any("The scene edits were not saved" in message for message in shown), shown
    story.refresh_from_db()
    assert story.version == 2


def test_several_inline_scene_edits_make_one_version(client, editor, own_story):
    story = own_story
    url = reverse("admin:stories_story_change", args=[story.pk])
    data = scene_form_data(client.get(url), story)
    data["scenes-1-title"] = "A Retitled Second Scene"
    data["scenes-3-content"] = "The editor rewrote the fourth scene entirely."
    assert client.post(url, data).status_code == 302
    story.refresh_from_db()
    assert story.version == 3
    latest = story.versions.get(version=3)
    assert (latest.change_type, latest.scene_id) == ("manual_edit", "")
    assert story.scenes.get(scene_id="scene_2").title == "A Retitled Second Scene"
    assert story.scenes.get(scene_id="scene_4").content == "The editor rewrote the fourth scene entirely."


def test_the_brief_and_cast_are_read_only_in_the_admin(client, editor, own_story):
    story = own_story
    url = reverse("admin:stories_story_change", args=[story.pk])
    data = scene_form_data(client.get(url), story)
    data["title"] = "Renamed in the admin"
    assert client.post(url, data).status_code == 302
    story.refresh_from_db()
    assert story.title != "Renamed in the admin"
    assert story.version == 2
    assert client.get(reverse("admin:stories_story_add")).status_code == 403


def test_a_superuser_reads_another_users_scenes_but_cannot_rewrite_them(client, editor, story):
    url = reverse("admin:stories_story_change", args=[story.pk])
    page = client.get(url)
    scenes = next(each for each in page.context["inline_admin_formsets"] if each.formset.prefix == "scenes")
    assert not scenes.has_change_permission
    assert "An edited opening scene for the story." in page.content.decode()

    data = management_forms(page)
    data.update(
        {"scenes-0-id": story.scenes.get(scene_id="scene_1").pk, "scenes-0-content": "Rewritten by staff."}
    )
    client.post(url, data)

    story.refresh_from_db()
    assert story.version == 2
    assert story.scenes.get(scene_id="scene_1").content == "An edited opening scene for the story."


def test_a_superuser_cannot_rewrite_another_users_character_in_the_admin(client, editor, user):
    from stories.models import Character

    character = Character.objects.create(owner=user, name="Juniper", description="A careful fox.")
    url = reverse("admin:stories_character_change", args=[character.pk])

    assert client.get(url).status_code == 200
    changes = {"name": "Renamed", "description": "Changed by staff.", "traits": "[]", "owner": user.pk}
    client.post(url, changes)

    character.refresh_from_db()
    assert (character.name, character.description) == ("Juniper", "A careful fox.")
