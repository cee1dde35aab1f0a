"""Child safety in refinements: flagged requests are refused; flagged rewrites change nothing."""

import pytest

from jobs.models import Job
from refinements.tests.test_refinement_faults import rewrite_answer, state
from stories.tests.factories import story_with_scenes

pytestmark = pytest.mark.django_db

MARKER = "forbidden-word"
THREAT = "forbidden-threat"
UNSAFE = "bag of cocaine"
REFUSED = {"detail": "This text can't be used for a children's story."}


@pytest.mark.parametrize(
    "body",
    [
        {"refinement_type": "custom", "custom_instructions": f"Add a {UNSAFE}."},
        {"refinement_type": "add_humor", "preserve_elements": ["the lantern", UNSAFE]},
    ],
)
@pytest.mark.parametrize("route", ["refine-scene/scene_1/", "refine-style/"])
def test_a_flagged_refinement_request_is_refused_and_starts_nothing(api, user, route, body):
    story = story_with_scenes(user)
    response = api.post(f"/api/stories/{story.pk}/{route}", body, format="json")
    assert response.status_code == 400 and response.data == REFUSED
    assert not Job.objects.exists()


def test_a_flagged_rewrite_fails_the_job_and_leaves_the_story_as_it_was(api, user, fake_openai):
    story = story_with_scenes(user, target_audience="children_5_7")
    before = state(story)
    fake_openai.set_story(
        rewrite_answer(f"The fox ran up the hill and shouted {MARKER} at the big bright moon in the sky.")
    )
    response = api.post(
        f"/api/stories/{story.pk}/refine-scene/scene_1/", {"refinement_type": "add_humor"}, format="json"
    )
    job = api.get(response["Location"]).data
    assert job["status"] == "failed"
    assert "child-safety check" in job["error"] and MARKER not in job["error"]
    assert state(story) == before
    assert not story.refinements.exists()


@pytest.mark.parametrize(
    "words, audience, outcome",
    [
        ((MARKER,), "toddlers_2_4", "failed"),
        ((MARKER,), "adults_18_plus", "succeeded"),
        ((MARKER, THREAT), "adults_18_plus", "failed"),
    ],
)
def test_an_adjustment_is_moderated_under_its_new_readers_rule(
    api, user, fake_openai, words, audience, outcome
):
    fake_openai.flag_words[THREAT] = ("hate", "hate/threatening")
    fake_openai.set_story(
        rewrite_answer(
            f"A tale of the fox on the hill that mentions a {' and a '.join(words)} under the bright moon."
        )
    )
    story = story_with_scenes(user, count=5)
    before = state(story)
    response = api.post(
        f"/api/stories/{story.pk}/adjust-audience/", {"target_audience": audience}, format="json"
    )
    job = api.get(response["Location"]).data
    assert job["status"] == outcome, job["error"]
    if outcome == "failed":
        assert "safety check" in job["error"] and THREAT not in job["error"]
        assert state(story) == before


def test_a_story_moved_to_younger_readers_must_have_a_brief_they_may_read(api, user):
    story = story_with_scenes(user, target_audience="adults_18_plus")
    story.description = f"A smuggler loses a {UNSAFE}."
    story.save()
    response = api.post(
        f"/api/stories/{story.pk}/adjust-audience/", {"target_audience": "children_8_10"}, format="json"
    )
    assert response.status_code == 400 and response.data == REFUSED
    assert not Job.objects.exists()
    to_teens = api.post(
        f"/api/stories/{story.pk}/adjust-audience/", {"target_audience": "ya_14_17"}, format="json"
    )
    assert to_teens.status_code == 400
