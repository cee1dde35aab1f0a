"""A small world for the security suite: one user's story with every kind of object a route
can name (scenes, versions, a refinement, a picture, a finished job), and the API's operations
read from its own OpenAPI schema, so a new route is covered the day it is added."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import TestCase
from drf_spectacular.generators import SchemaGenerator

from images.tests.factories import StoryImageFactory
from jobs.models import Job, JobStatus
from narration.tests.factories import SceneNarrationFactory
from refinements.services.refine import start_scene_refinement
from stories.models import Batch, Character, Story
from stories.tests.factories import CharacterFactory, story_with_scenes

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    public: bool

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"


def api_operations() -> list[Operation]:
    """Every operation the schema documents; `public` when it lets the anonymous in."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        Operation(method, path, public={} in spec.get("security", [{}]))
        for path, item in schema["paths"].items()
        for method, spec in item.items()
        if method in METHODS
    ]


@dataclass
class World:
    owner: object
    story: Story
    character: Character
    image_id: int
    job: Job
    batch: Batch
    narration_id: int = 0

    def path_value(self, path: str, name: str) -> str:
        """What to put for `{name}` in `path` so that it names one of the owner's objects."""
        ids = {
            "/api/stories/": self.story.pk,
            "/api/characters/": self.character.pk,
            "/api/jobs/": self.job.pk,
            "/api/images/": self.image_id,
            "/api/batches/": self.batch.pk,
            "/api/narration/": self.narration_id,
        }
        if name == "id":
            prefix = next((prefix for prefix in ids if path.startswith(prefix)), None)
            if prefix is None:
                raise LookupError(f"no object of the owner is known for {{id}} in {path}: add one to World")
            return str(ids[prefix])
        values = {"scene_id": "scene_2", "version": "1"}
        if name not in values:
            raise LookupError(f"no value is known for {{{name}}} in {path}: add one to World.path_value")
        return values[name]

    def url(self, path: str) -> str:
        names = [part[1:-1] for part in path.split("/") if part.startswith("{") and part.endswith("}")]
        for name in names:
            path = path.replace(f"{{{name}}}", self.path_value(path, name))
        return path


@pytest.fixture
def world(user) -> World:
    character = CharacterFactory(owner=user, name="Juniper")
    story = story_with_scenes(user, count=5, title="The Lantern Fox")
    with TestCase.captureOnCommitCallbacks(execute=True):
        start_scene_refinement(story=story, scene_id="scene_2", by=user, refinement_type="add_humor")
    image = StoryImageFactory(scene=story.scenes.get(scene_id="scene_1"))
    narration = SceneNarrationFactory(scene=story.scenes.get(scene_id="scene_1"))
    batch = Batch.objects.create(owner=user, source="api")
    job = Job.objects.create(
        owner=user, story=story, batch=batch, kind="generate", status=JobStatus.SUCCEEDED, result={}
    )
    story.refresh_from_db()
    return World(
        owner=user,
        story=story,
        character=character,
        image_id=image.pk,
        job=job,
        batch=batch,
        narration_id=narration.pk,
    )
