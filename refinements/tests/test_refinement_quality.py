"""Every refinement job's result carries the story's quality report before and after it."""

import pytest

from stories.tests.test_quality_api import LOOP, failed_checks, well_told_story
from tests.fake_openai import rewrite_answer

pytestmark = pytest.mark.django_db


def run(api, url, body):
    response = api.post(url, body, format="json")
    assert response.status_code == 202, response.data
    job = api.get(response["Location"]).data
    assert job["status"] == "succeeded", job["error"]
    return job["result"]


@pytest.mark.parametrize(
    ("route", "body"),
    [
        ("refine-scene/scene_2/", {"refinement_type": "increase_dialogue"}),
        ("refine-style/", {"refinement_type": "enhance_descriptions"}),
        ("adjust-audience/", {"target_audience": "preteens_11_13"}),
    ],
    ids=["scene", "style", "audience"],
)
def test_each_kind_of_refinement_reports_the_quality_of_the_versions_it_went_between(api, user, route, body):
    story = well_told_story(user)

    result = run(api, f"/api/stories/{story.pk}/{route}", body)

    versions = f"/api/stories/{story.pk}/versions"
    assert result["quality_before"] == api.get(f"{versions}/1/").json()["quality"]
    assert result["quality_after"] == api.get(f"{versions}/2/").json()["quality"]
    assert result["quality_after"] == api.get(f"/api/stories/{story.pk}/").json()["quality"]
    assert result["quality_before"]["passed"] is True


def test_a_rewrite_that_loops_shows_the_report_passing_before_and_failing_after(api, user, fake_openai):
    story = well_told_story(user)
    looped = story.scenes.get(scene_id="scene_3").content + LOOP
    fake_openai.set_answer("scene", rewrite_answer(looped))

    result = run(
        api,
        f"/api/stories/{story.pk}/refine-scene/scene_3/",
        {"refinement_type": "increase_dialogue", "target_length": "longer"},
    )

    assert result["quality_before"]["passed"] is True
    assert result["quality_after"]["passed"] is False
    assert failed_checks(result["quality_after"])["repetition"]["scene_ids"] == ["scene_3"]
