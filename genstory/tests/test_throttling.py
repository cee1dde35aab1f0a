"""Scoped throttles: past its scope's rate a user gets 429 with DRF's message and Retry-After."""

import pytest

from jobs.models import Job
from stories.tests.factories import StoryFactory, story_with_scenes

pytestmark = pytest.mark.django_db


def test_generation_past_its_rate_is_throttled_per_user(api, other_api, user, other_user, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "generate": "2/hour"}
    stories = StoryFactory.create_batch(3, owner=user)
    answers = [api.post(f"/api/stories/{story.pk}/content/") for story in stories]
    assert [answer.status_code for answer in answers] == [202, 202, 429]
    throttled = answers[-1]
    assert throttled.data["detail"].startswith("Request was throttled. Expected available in")
    assert 0 < int(throttled["Retry-After"]) <= 3600
    assert Job.objects.filter(story=stories[2]).count() == 0
    assert other_api.post(f"/api/stories/{StoryFactory(owner=other_user).pk}/content/").status_code == 202


def test_scopes_are_counted_apart(api, user, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "exports": "1/minute"}
    story = story_with_scenes(user)
    assert api.get(f"/api/stories/{story.pk}/export/markdown/").status_code == 200
    assert api.get(f"/api/stories/{story.pk}/export/markdown/").status_code == 429
    assert api.get(f"/api/stories/{story.pk}/").status_code == 200
    response = api.post(f"/api/stories/{story.pk}/refine-scene/scene_1/", {"refinement_type": "add_humor"})
    assert response.status_code == 202


def test_a_scope_without_a_rate_is_not_limited(api, user, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "generate": None}
    for story in StoryFactory.create_batch(3, owner=user):
        assert api.post(f"/api/stories/{story.pk}/content/").status_code == 202
