"""Concurrent refinements on PostgreSQL: no lost change, versions 1..N with no gap or duplicate."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from conftest import require_services
from refinements.services.refine import refine_scene
from stories.models import Story
from stories.tests.factories import story_with_scenes

pytestmark = [pytest.mark.services]


def refine_in_thread(story_id: int, scene_id: str, owner, refinement_type: str):
    try:
        story = Story.objects.get(pk=story_id)
        return refine_scene(story=story, scene_id=scene_id, by=owner, refinement_type=refinement_type)
    finally:
        connection.close()


def test_ten_concurrent_scene_refinements_make_versions_1_to_11(transactional_db, django_user_model):
    require_services()
    owner = django_user_model.objects.create_user(username="concurrent", password="x-strong-pass-7")
    story = story_with_scenes(owner, count=12)
    originals = {scene.scene_id: scene.content for scene in story.scenes.all()}
    targets = [f"scene_{n}" for n in range(1, 11)]
    with ThreadPoolExecutor(max_workers=10) as pool:
        outcomes = list(
            pool.map(lambda scene_id: refine_in_thread(story.pk, scene_id, owner, "add_humor"), targets)
        )

    story.refresh_from_db()
    assert story.version == 11
    assert list(story.versions.order_by("version").values_list("version", flat=True)) == list(range(1, 12))
    assert story.refinement_count == 10
    current = {scene.scene_id: scene.content for scene in story.scenes.all()}
    for scene_id in targets:
        assert current[scene_id] != originals[scene_id], f"{scene_id} lost its refinement"
    assert current["scene_11"] == originals["scene_11"] and current["scene_12"] == originals["scene_12"]
    assert sorted(outcome.refinement.to_version for outcome in outcomes) == list(range(2, 12))
    assert story.versions.get(version=11).snapshot["scenes"][0]["content"] == current["scene_1"]
