"""Refinement, style refinement and audience adjustment through the API (offline provider)."""

import pytest

from jobs.models import Job, JobStatus
from refinements.models import Refinement
from stories.services.scenes import apply_metrics
from stories.tests.factories import StoryFactory, story_with_scenes

pytestmark = pytest.mark.django_db


def run(api, url, body=None):
    response = api.post(url, body or {}, format="json")
    assert response.status_code == 202, response.data
    assert response["Location"] == f"/api/jobs/{response.data['id']}/"
    return api.get(response["Location"]).data


@pytest.fixture
def story(user):
    return story_with_scenes(user, count=5)


def test_refine_scene_changes_that_scene_and_adds_a_version(api, story):
    before = {s.scene_id: s.content for s in story.scenes.all()}
    job = run(api, f"/api/stories/{story.pk}/refine-scene/scene_2", {"refinement_type": "increase_dialogue"})
    assert job["status"] == "succeeded", job["error"]
    assert job["kind"] == "refine_scene"
    result = job["result"]
    assert (result["story_id"], result["scene_id"], result["version"], result["refinement_count"]) == (
        story.pk,
        "scene_2",
        2,
        1,
    )
    assert result["refined_scene"]["content"] != before["scene_2"]
    assert '"' in result["refined_scene"]["content"]
    after = {s.scene_id: s.content for s in story.scenes.all()}
    assert after["scene_2"] == result["refined_scene"]["content"]
    assert {k: v for k, v in after.items() if k != "scene_2"} == {
        k: v for k, v in before.items() if k != "scene_2"
    }
    versions = api.get(f"/api/stories/{story.pk}/versions/").data
    assert versions[0] | {"created_at": None} == {
        "version": 2,
        "change_type": "scene_refinement",
        "scene_id": "scene_2",
        "refinement_type": "increase_dialogue",
        "reverted_to": None,
        "created_at": None,
        "created_by": "alice",
    }


def test_refinement_history_lists_before_and_after(api, story):
    original = story.scenes.get(scene_id="scene_1").content
    run(
        api,
        f"/api/stories/{story.pk}/refine-scene/scene_1/",
        {
            "refinement_type": "custom",
            "custom_instructions": "Add a dragon.",
            "target_length": "longer",
            "preserve_elements": ["moon"],
        },
    )
    history = api.get(f"/api/stories/{story.pk}/refinement-history").data
    assert len(history) == 1
    entry = history[0]
    assert entry["scene_id"] == "scene_1" and entry["refinement_type"] == "custom"
    assert entry["custom_instructions"] == "Add a dragon."
    assert entry["preserve_elements"] == ["moon"] and entry["target_length"] == "longer"
    assert entry["before_content"] == original
    assert entry["after_content"] == story.scenes.get(scene_id="scene_1").content
    assert (entry["from_version"], entry["to_version"]) == (1, 2)


@pytest.mark.parametrize("length", ["shorter", "longer"])
def test_target_length_moves_the_word_count(api, user, length):
    story = story_with_scenes(user, count=5)
    scene = story.scenes.get(scene_id="scene_3")
    scene.content = " ".join(["The fox ran up the hill and looked at the bright moon for a while."] * 6)
    apply_metrics(scene)
    scene.save()
    before = len(scene.content.split())
    job = run(
        api,
        f"/api/stories/{story.pk}/refine-scene/scene_3/",
        {"refinement_type": "add_more_action", "target_length": length},
    )
    after = job["result"]["refined_scene"]["word_count"]
    assert (after < before) if length == "shorter" else (after > before)


def test_refine_style_rewrites_every_scene_as_one_version(api, story):
    before = {s.scene_id: s.content for s in story.scenes.all()}
    job = run(api, f"/api/stories/{story.pk}/refine-style/", {"refinement_type": "enhance_descriptions"})
    assert job["status"] == "succeeded", job["error"]
    result = job["result"]
    assert result["version"] == 2 and result["refinement_count"] == 1
    assert len(result["changes_made"]) == 5 and len(result["scenes"]) == 5
    assert all(scene["content"] != before[scene["scene_id"]] for scene in result["scenes"])
    assert story.versions.count() == 2
    assert Refinement.objects.get().kind == "style"


def test_adjust_audience_rewrites_for_the_new_readers(api, user):
    story = story_with_scenes(user, count=5, target_audience="adults_18_plus")
    job = run(api, f"/api/stories/{story.pk}/adjust-audience", {"target_audience": "toddlers_2_4"})
    assert job["status"] == "succeeded", job["error"]
    detail = job["result"]
    assert detail["target_audience"] == "toddlers_2_4" and detail["version"] == 2
    assert len(detail["scenes"]) == 5
    assert all(scene["readability"]["fits_audience"] for scene in detail["scenes"])
    assert [v["change_type"] for v in api.get(f"/api/stories/{story.pk}/versions/").data] == [
        "audience_adjustment",
        "generation",
    ]


def detail_without_cost(api, story_id: int) -> dict:
    """The story detail as a job result shows it: the job ran before any cost was summed."""
    detail = dict(api.get(f"/api/stories/{story_id}/").data)
    detail.pop("estimated_cost_usd")
    return detail


def test_every_rewrite_result_shows_the_story_as_its_detail_endpoint_does(api, user, story):
    scene_job = run(api, f"/api/stories/{story.pk}/refine-scene/scene_2/", {"refinement_type": "add_humor"})
    assert scene_job["result"]["refined_scene"] == detail_without_cost(api, story.pk)["scenes"][1]
    styled = story_with_scenes(user, count=5)
    style_job = run(
        api, f"/api/stories/{styled.pk}/refine-style/", {"refinement_type": "enhance_descriptions"}
    )
    assert style_job["result"]["scenes"] == detail_without_cost(api, styled.pk)["scenes"]
    adjusted = story_with_scenes(user, count=5, target_audience="adults_18_plus")
    audience_job = run(
        api, f"/api/stories/{adjusted.pk}/adjust-audience/", {"target_audience": "toddlers_2_4"}
    )
    result = dict(audience_job["result"])
    assert result.pop("changes_made")
    assert result.pop("quality_before") and result.pop("quality_after") == result["quality"]
    assert result == detail_without_cost(api, adjusted.pk)


@pytest.mark.parametrize(
    ("url_tail", "body", "field"),
    [
        ("refine-scene/scene_1/", {}, "refinement_type"),
        ("refine-scene/scene_1/", {"refinement_type": "make_it_pop"}, "refinement_type"),
        ("refine-scene/scene_1/", {"refinement_type": "custom"}, "custom_instructions"),
        (
            "refine-scene/scene_1/",
            {"refinement_type": "custom", "custom_instructions": "x" * 501},
            "custom_instructions",
        ),
        ("refine-scene/scene_1/", {"refinement_type": "add_humor", "target_length": "epic"}, "target_length"),
        ("refine-style/", {"refinement_type": "nope"}, "refinement_type"),
        ("adjust-audience/", {"target_audience": "martians"}, "target_audience"),
        ("adjust-audience/", {}, "target_audience"),
    ],
)
def test_bad_requests_are_400_and_start_nothing(api, story, url_tail, body, field):
    response = api.post(f"/api/stories/{story.pk}/{url_tail}", body, format="json")
    assert response.status_code == 400
    assert field in response.data
    assert not Job.objects.exists()


def test_unknown_refinement_type_names_the_allowed_ones(api, story):
    response = api.post(f"/api/stories/{story.pk}/refine-style/", {"refinement_type": "nope"}, format="json")
    assert "simplify_language" in str(response.data["refinement_type"])


def test_adjusting_to_the_same_audience_is_400(api, story):
    response = api.post(
        f"/api/stories/{story.pk}/adjust-audience/", {"target_audience": "children_8_10"}, format="json"
    )
    assert response.status_code == 400
    assert "already" in response.data["detail"]
    assert not Job.objects.exists()


def test_unknown_scene_is_404(api, story):
    response = api.post(
        f"/api/stories/{story.pk}/refine-scene/scene_42/", {"refinement_type": "add_humor"}, format="json"
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("url_tail", "body"),
    [
        ("refine-style/", {"refinement_type": "add_humor"}),
        ("adjust-audience/", {"target_audience": "adults_18_plus"}),
    ],
)
def test_a_story_without_scenes_is_409(api, user, url_tail, body):
    story = StoryFactory(owner=user)
    response = api.post(f"/api/stories/{story.pk}/{url_tail}", body, format="json")
    assert response.status_code == 409
    assert "no scenes" in response.data["detail"]


def test_a_busy_story_is_409(api, story, user):
    Job.objects.create(owner=user, story=story, kind="refine_style", status=JobStatus.QUEUED)
    response = api.post(
        f"/api/stories/{story.pk}/refine-scene/scene_1/", {"refinement_type": "add_humor"}, format="json"
    )
    assert response.status_code == 409


def test_another_users_story_is_404(other_api, story):
    base = f"/api/stories/{story.pk}"
    assert (
        other_api.post(
            f"{base}/refine-scene/scene_1/", {"refinement_type": "add_humor"}, format="json"
        ).status_code
        == 404
    )
    assert (
        other_api.post(f"{base}/refine-style/", {"refinement_type": "add_humor"}, format="json").status_code
        == 404
    )
    assert (
        other_api.post(
            f"{base}/adjust-audience/", {"target_audience": "adults_18_plus"}, format="json"
        ).status_code
        == 404
    )
    assert other_api.get(f"{base}/refinement-history/").status_code == 404
    assert not Job.objects.exists()
