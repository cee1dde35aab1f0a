"""Child safety in refinements: flagged requests are refused; flagged rewrites change nothing."""

import pytest

from refinements.tests.test_refinement_faults import rewrite_answer, state
from stories.models import Job
from stories.tests.factories import story_with_scenes

pytestmark = pytest.mark.django_db

MARKER = "forbidden-word"
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


def test_an_adjustment_for_adults_is_not_moderated_but_one_for_children_is(api, user, fake_openai):
    fake_openai.set_story(
        rewrite_answer(
            f"A grown-up tale of the fox on the hill that mentions a {MARKER} under the bright moon."
        )
    )
    for audience, outcome in [("toddlers_2_4", "failed"), ("adults_18_plus", "succeeded")]:
        story = story_with_scenes(user, count=5)
        response = api.post(
            f"/api/stories/{story.pk}/adjust-audience/", {"target_audience": audience}, format="json"
        )
        assert api.get(response["Location"]).data["status"] == outcome, audience
