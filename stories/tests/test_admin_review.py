"""The review desk: who may revert, the confirmation, the words-level diff and the version list."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from stories.admin_diff import SceneText, diff_story, paragraphs, word_diff
from stories.models import ChangeType, Story
from stories.services.history import revert_to_version
from stories.services.scenes import edit_scene, edit_scenes
from stories.services.versions import record_version
from stories.tests.factories import story_with_scenes

pytestmark = pytest.mark.django_db

LONG_SCENE = "\n\n".join(f"Paragraph {n} of the opening, where nothing happens yet." for n in range(1, 7))


@pytest.fixture
def story(user):
    story = story_with_scenes(user, count=3)
    edit_scene(story=story, scene_id="scene_2", by=user, content="Rain began to fall on the quiet village.")
    edit_scene(story=story, scene_id="scene_2", by=user, content="Snow began to fall on the sleepy village.")
    story.refresh_from_db()
    assert story.version == 3
    return story


def staff(django_user_model, username: str, *groups: str):
    member = django_user_model.objects.create_user(
        username=username, password="x-staff-pass-1", is_staff=True
    )
    member.groups.add(*Group.objects.filter(name__in=groups))
    return member


def test_the_editors_group_holds_view_permissions_and_revert():
    editors = Group.objects.get(name="Editors")
    codenames = set(editors.permissions.values_list("codename", flat=True))
    assert "revert_story" in codenames
    assert {"view_story", "view_storyversion", "view_refinement", "view_storyimage"} <= codenames
    assert not any(codename.startswith(("change_", "delete_", "add_")) for codename in codenames)


def test_staff_without_the_revert_permission_cannot_revert(client, django_user_model, story):
    viewer = staff(django_user_model, "viewer")
    viewer.user_permissions.add(
        *Group.objects.get(name="Editors").permissions.exclude(codename="revert_story")
    )
    client.force_login(viewer)
    version = story.versions.get(version=1)

    page = client.get(reverse("admin:stories_storyversion_change", args=[version.pk]))
    assert page.status_code == 200
    assert "Revert the story" not in page.content.decode()
    revert_url = reverse("admin:stories_storyversion_revert", args=[version.pk])
    assert client.get(revert_url).status_code == 403
    assert client.post(revert_url).status_code == 403
    client.post(
        reverse("admin:stories_storyversion_changelist"),
        {"action": "revert_selected", "_selected_action": [version.pk]},
    )
    story.refresh_from_db()
    assert story.version == 3


def test_staff_with_no_permission_at_all_cannot_revert(client, django_user_model, story):
    client.force_login(staff(django_user_model, "nobody"))
    version = story.versions.get(version=1)
    assert client.post(reverse("admin:stories_storyversion_revert", args=[version.pk])).status_code == 403
    story.refresh_from_db()
    assert story.version == 3


def test_an_editor_reverts_after_a_confirmation_that_lists_the_changes(client, django_user_model, story):
    client.force_login(staff(django_user_model, "editor", "Editors"))
    version = story.versions.get(version=1)
    page = client.get(reverse("admin:stories_storyversion_change", args=[version.pk]))
    assert "Revert the story to version 1" in page.content.decode()

    revert_url = reverse("admin:stories_storyversion_revert", args=[version.pk])
    confirmation = client.get(revert_url)
    body = confirmation.content.decode()
    assert confirmation.status_code == 200
    assert "Scenes changed:</strong> Scene 2 · Scene 2" in body
    assert "Yes, revert to version 1" in body
    story.refresh_from_db()
    assert story.version == 3

    assert client.post(revert_url).status_code == 302
    story.refresh_from_db()
    assert story.version == 3, "a POST without the confirmation's reviewed_at reverts nothing"
    done = client.post(revert_url, {"reviewed_at": "3"}, follow=True)
    story.refresh_from_db()
    assert story.version == 4
    shown = [str(message) for message in done.context["messages"]]
    assert any("from version 3 to the text of version 1" in text and "version 4" in text for text in shown)
    history = client.get(reverse("admin:stories_story_change", args=[story.pk])).content.decode()
    assert "Reverted to version 1" in history


def test_the_version_page_marks_changed_words_and_compares_any_two(client, admin_user, story):
    client.force_login(admin_user)
    third = story.versions.get(version=3)
    page = client.get(reverse("admin:stories_storyversion_change", args=[third.pk])).content.decode()
    assert "<del>Rain</del>" in page and "<ins>Snow</ins>" in page
    assert "<del>quiet</del>" in page and "<ins>sleepy</ins>" in page
    assert "Scene 2 · Scene 2" in page and "Manual edit · Scene 2" in page

    against_first = client.get(
        reverse("admin:stories_storyversion_change", args=[third.pk]), {"against": "1"}
    ).content.decode()
    assert "From <strong>version 1</strong> to <strong>version 3</strong>" in against_first
    assert 'para-added">Snow began to fall on the sleepy village.' in against_first
    assert 'para-removed">The fox ran up the hill.' in against_first


def test_a_shared_little_word_does_not_chop_a_rewrite_into_pieces():
    diff = word_diff("The cat sat on the mat today.", "The dog ran to the park today.")
    assert diff == "The <del>cat sat on the mat</del> <ins>dog ran to the park</ins> today."


def test_story_text_cannot_inject_markup_into_the_diff():
    diff = word_diff("A <b>bold</b> fox", "A <script>x</script> fox")
    assert "<script>" not in diff and "&lt;script&gt;" in diff


def test_unchanged_paragraphs_fold_with_a_paragraph_of_context():
    before = SceneText("scene_1", 1, "Opening", LONG_SCENE)
    after = SceneText("scene_1", 1, "Opening", LONG_SCENE.replace("Paragraph 4 of", "Paragraph four of"))
    diff = diff_story(before=[before], after=[after], before_label="a", after_label="b")
    kinds = [(block.kind, block.count) for block in diff.scenes[0].blocks]
    assert kinds == [("folded", 2), ("same", 0), ("changed", 0), ("same", 0), ("folded", 1)]
    assert len(paragraphs(LONG_SCENE)) == 6


def test_added_and_removed_scenes_are_shown_as_such():
    kept = SceneText("scene_1", 1, "Kept", "Same.")
    diff = diff_story(
        before=[kept, SceneText("scene_2", 2, "Gone", "Old.")],
        after=[kept, SceneText("scene_3", 2, "New", "Fresh.")],
        before_label="a",
        after_label="b",
        lessons_before=["Be kind."],
        lessons_after=["Be kind.", "Share."],
    )
    assert [(scene.heading, scene.status) for scene in diff.scenes] == [
        ("Scene 1 · Kept", "unchanged"),
        ("Scene 2 · Gone", "removed"),
        ("Scene 2 · New", "added"),
    ]
    assert [(line.status, line.text) for line in diff.lessons] == [("same", "Be kind."), ("added", "Share.")]


def test_a_revert_row_names_the_version_it_restored(user, story):
    from stories.admin_versions import describe_version

    revert_to_version(story=story, version=2, by=user)
    story.refresh_from_db()
    assert describe_version(story.versions.get(version=4)) == "Reverted to version 2"
    assert describe_version(story.versions.get(version=1)) == "Story written"


def test_words_added_at_the_end_of_a_paragraph_keep_their_space():
    diff = word_diff("Pip had a snack.", "Pip had a snack. Pip thought hard.")
    assert diff == "Pip had a snack. <ins>Pip thought hard.</ins>"
    assert (
        word_diff("Pip had a snack. Then a nap.", "Pip had a snack.")
        == "Pip had a snack. <del>Then a nap.</del>"
    )


def test_a_browser_save_that_changes_nothing_makes_no_version(user, story):
    """A textarea comes back with CRLF line ends; the same text is not an edit."""
    scene = story.scenes.get(scene_id="scene_1")
    scene.content = "First paragraph.\n\nSecond paragraph."
    scene.save()
    sent = {"scene_1": (scene.title, scene.content.replace("\n", "\r\n"))}
    assert edit_scenes(story=story, edits=sent, by=user) is None
    story.refresh_from_db()
    assert story.version == 3 and story.scenes.get(scene_id="scene_1").content == scene.content


def test_the_story_page_offers_no_lessons_box_that_would_not_be_saved(client, admin_user, story):
    client.force_login(admin_user)
    page = client.get(reverse("admin:stories_story_change", args=[story.pk])).content.decode()
    assert 'name="lessons"' not in page
    assert page.count("Be kind.") == 1


def test_the_revert_confirmation_lists_what_the_brief_gets_back(client, admin_user, story):
    Story.objects.filter(pk=story.pk).update(target_audience="adults_18_plus", title="A Darker Tale")
    story.refresh_from_db()
    record_version(story=story, change_type=ChangeType.AUDIENCE_ADJUSTMENT, by=admin_user)
    client.force_login(admin_user)
    first = story.versions.get(version=1)
    body = client.get(reverse("admin:stories_storyversion_revert", args=[first.pk])).content.decode()
    assert "The brief changes:</strong> Title from “A Darker Tale” to " in body
    assert "Audience from “Adults (18+)” to “Children (8-10)”" in body
    version_page = client.get(reverse("admin:stories_storyversion_change", args=[first.pk])).content.decode()
    assert 'data-testid="brief-diff"' in version_page and "Adults (18+)" in version_page


def test_a_revert_confirmed_on_a_stale_page_is_refused(client, admin_user, user, story):
    """The editor saw the story at version 3; the owner's edit since then must not vanish."""
    client.force_login(admin_user)
    first = story.versions.get(version=1)
    revert_url = reverse("admin:stories_storyversion_revert", args=[first.pk])
    assert 'name="reviewed_at" value="3"' in client.get(revert_url).content.decode()
    edit_scene(story=story, scene_id="scene_3", by=user, content="The owner's newest words.")
    refused = client.post(revert_url, {"reviewed_at": "3"}, follow=True)
    story.refresh_from_db()
    assert story.version == 4
    assert story.scenes.get(scene_id="scene_3").content == "The owner's newest words."
    shown = " ".join(str(message) for message in refused.context["messages"])
    assert "changed since this revert was reviewed" in shown and "now at version 4" in shown
    assert refused.redirect_chain[-1][0] == revert_url

    client.post(revert_url, {"reviewed_at": "4"})
    story.refresh_from_db()
    assert story.version == 5


def test_a_revert_that_would_change_nothing_is_not_offered_or_recorded(client, admin_user, user, story):
    edit_scene(story=story, scene_id="scene_2", by=user, content="Rain began to fall on the quiet village.")
    story.refresh_from_db()
    same_as_now = story.versions.get(version=2)
    client.force_login(admin_user)
    revert_url = reverse("admin:stories_storyversion_revert", args=[same_as_now.pk])
    page = client.get(revert_url).content.decode()
    assert "The text would not change" in page and "Yes, revert" not in page
    version_page = client.get(reverse("admin:stories_storyversion_change", args=[same_as_now.pk]))
    assert "Revert the story to version 2" not in version_page.content.decode()
    client.post(revert_url, {"reviewed_at": str(story.version)})
    story.refresh_from_db()
    assert story.version == 4


def test_the_story_page_links_to_its_own_versions_newest_first(client, admin_user, user, story):
    other = story_with_scenes(user, count=2, title="Another Tale")
    client.force_login(admin_user)
    page = client.get(reverse("admin:stories_story_change", args=[story.pk])).content.decode()
    link = f"/admin/stories/storyversion/?story__id__exact={story.pk}"
    assert link in page
    listed = client.get(link)
    assert listed.status_code == 200
    shown = list(listed.context["cl"].result_list)
    assert [(v.story_id, v.version) for v in shown] == [(story.pk, 3), (story.pk, 2), (story.pk, 1)]
    assert other.versions.exists()


def test_a_job_page_leads_with_its_error_and_links_the_version_it_made(client, admin_user, user, story):
    from jobs.models import Job

    made = Job.objects.create(
        owner=user,
        story=story,
        kind="refine_style",
        status="succeeded",
        result={"version": 3, "changes_made": ["Shorter sentences"]},
    )
    failed = Job.objects.create(
        owner=user, story=story, kind="generate", status="failed", error="The model went away."
    )
    client.force_login(admin_user)
    page = client.get(reverse("admin:jobs_job_change", args=[made.pk])).content.decode()
    third = story.versions.get(version=3)
    assert reverse("admin:stories_storyversion_change", args=[third.pk]) in page
    assert "Version 3: Manual edit · Scene 2" in page and "Shorter sentences" in page
    assert "<details><summary>Show the whole result</summary>" in page
    page = client.get(reverse("admin:jobs_job_change", args=[failed.pk])).content.decode()
    assert page.index("The model went away.") < page.index("Progress")


def test_a_bookmarked_job_page_from_before_jobs_had_their_own_app_still_opens(client, django_user_model):
    editor = django_user_model.objects.create_superuser("moved", password="pw-moved-123")
    client.force_login(editor)
    response = client.get("/admin/stories/job/42/change/")
    assert (response.status_code, response["Location"]) == (302, "/admin/jobs/job/42/change/")
