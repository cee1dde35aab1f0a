"""The jobs API: a user lists and reads their own jobs, filtered by story and status."""

import pytest

from stories.tests.test_generation_api import create_story, generate

pytestmark = pytest.mark.django_db


def test_jobs_list_filters_and_ownership(api, other_api, user):
    story_id = create_story(api, user)
    job = generate(api, story_id)
    assert [j["id"] for j in api.get(f"/api/jobs/?story={story_id}").data["results"]] == [job["id"]]
    assert api.get("/api/jobs/?status=failed").data["count"] == 0
    assert api.get("/api/jobs/?status=bogus").status_code == 400
    assert other_api.get(f"/api/jobs/{job['id']}/").status_code == 404
    assert other_api.get("/api/jobs/").data["count"] == 0
    assert api.get("/api/jobs/999999/").status_code == 404


def test_a_huge_story_filter_on_jobs_is_400(api):
    response = api.get("/api/jobs/?story=99999999999999999999")
    assert response.status_code == 400
    assert "story" in response.json()
