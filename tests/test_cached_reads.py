"""The cached token lookup and the cached story tag: revoked and dropped on the very next
request, never another user's, never stale, and a cache outage only costs queries."""

from __future__ import annotations

import io
import pickle
import uuid
from decimal import Decimal

import pytest
import redis
from django.core.cache import cache
from django.test import override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIRequestFactory

from conftest import UNREACHABLE_CACHE, client_for, redis_cache_url
from core import watch
from core.api.authentication import CachedTokenAuthentication, entry, token_lookups, token_subject
from core.stamps import Stamps
from images.tests.factories import StoryImageFactory, illustrated_story
from jobs.models import Job
from stories.models import Character, Scene, Story, StoryCharacter
from stories.tests.factories import SceneFactory

pytestmark = pytest.mark.django_db

JOB_KIND = "scene_images"


def detail(api, story, **headers):
    return api.get(f"/api/stories/{story.pk}/", **headers)


def test_a_deleted_token_is_refused_on_the_next_request(api, user):
    story = illustrated_story(user, count=2)
    assert detail(api, story).status_code == 200
    Token.objects.filter(user=user).delete()
    assert detail(api, story).status_code == 401


def test_a_rotated_token_retires_the_old_one_at_once(api, user):
    story = illustrated_story(user, count=2)
    old = Token.objects.get(user=user)
    assert detail(api, story).status_code == 200
    old.delete()
    new = Token.objects.create(user=user)
    assert detail(api, story).status_code == 401
    api.credentials(HTTP_AUTHORIZATION=f"Token {new.key}")
    assert detail(api, story).status_code == 200


def test_a_deactivated_user_is_refused_on_the_next_request(api, user):
    story = illustrated_story(user, count=2)
    etag = detail(api, story)["ETag"]
    user.is_active = False
    user.save()
    assert detail(api, story).status_code == 401
    assert detail(api, story, HTTP_IF_NONE_MATCH=etag).status_code == 401


def test_a_deleted_user_is_refused_on_the_next_request(api, user):
    assert api.get("/api/characters/").status_code == 200
    user.delete()
    assert api.get("/api/characters/").status_code == 401


def test_losing_staff_rights_hides_other_users_stories_at_once(user, other_user, other_api):
    story = illustrated_story(user, count=2)
    other_user.is_staff = True
    other_user.save()
    etag = detail(other_api, story)["ETag"]
    other_user.is_staff = False
    other_user.save()
    assert detail(other_api, story).status_code == 404
    assert detail(other_api, story, HTTP_IF_NONE_MATCH=etag).status_code == 404


def test_another_users_story_is_404_while_its_tag_is_cached(api, user, other_api, django_assert_num_queries):
    story = illustrated_story(user, count=2)
    etag = detail(api, story)["ETag"]
    assert detail(other_api, story).status_code == 404  # warms the other user's token lookup
    with django_assert_num_queries(0):
        assert detail(other_api, story).status_code == 404
        assert detail(other_api, story, HTTP_IF_NONE_MATCH=etag).status_code == 404
        assert detail(other_api, story, HTTP_IF_NONE_MATCH="*").status_code == 404
        assert detail(api, story, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_refused_token_is_not_remembered(anonymous_api, user):
    key = "f" * 40
    anonymous_api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert anonymous_api.get("/api/characters/").status_code == 401
    Token.objects.create(key=key, user=user)
    assert anonymous_api.get("/api/characters/").status_code == 200


def test_the_cache_never_holds_a_usable_token(api, user):
    api.get("/api/characters/")
    key = Token.objects.get(user=user).key
    subject = token_subject(key)
    assert key not in subject
    assert cache.get(token_lookups.entry_key(subject, entry())) is not None
    assert cache.get(token_lookups.entry_key(key, entry())) is None


def test_a_token_lookup_is_one_query_then_none(api, user, django_assert_num_queries):
    with django_assert_num_queries(2):  # the token with its user, the list
        assert api.get("/api/characters/").status_code == 200
    with django_assert_num_queries(1):
        assert api.get("/api/characters/").status_code == 200


def test_a_reader_that_read_before_a_write_cannot_leave_its_value_behind():
    """The race a plain delete loses: read the database, a write commits and drops the entry,
    then the reader stores what it read. Under stamps that store is never served."""
    stamps = Stamps("race-test", timeout=lambda: 60)
    rows = {"title": "old"}

    def read_then_a_write_lands():
        seen = dict(rows)
        rows["title"] = "new"
        stamps.invalidate(["story"])
        return seen

    assert stamps.lookup("story", "detail", read_then_a_write_lands) == {"title": "old"}
    assert stamps.lookup("story", "detail", lambda: dict(rows)) == {"title": "new"}
    assert stamps.lookup("story", "detail", lambda: pytest.fail("read again")) == {"title": "new"}


def test_a_lost_stamp_makes_a_miss_not_a_stale_entry():
    stamps = Stamps("evicted-test", timeout=lambda: 60)
    assert stamps.lookup("story", "detail", lambda: "first") == "first"
    cache.delete(stamps.stamp_key("story"))
    assert stamps.lookup("story", "detail", lambda: "second") == "second"
    assert stamps.lookup("story", "detail", lambda: "third") == "second"


@override_settings(API_ETAG_CACHE_SECONDS=0, AUTH_TOKEN_CACHE_SECONDS=0)
def test_with_the_caches_off_every_read_asks_the_database(api, user, django_assert_num_queries):
    story = illustrated_story(user, count=2)
    etag = detail(api, story)["ETag"]
    with django_assert_num_queries(2):
        assert detail(api, story, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_cache_outage_costs_queries_not_answers(api, user, caplog):
    story = illustrated_story(user, count=2)
    etag = detail(api, story)["ETag"]
    with override_settings(CACHES=UNREACHABLE_CACHE):
        assert detail(api, story, HTTP_IF_NONE_MATCH=etag).status_code == 304
        response = detail(api, story)
        Token.objects.filter(user=user).delete()
        refused = detail(api, story)
    assert (response.status_code, response["ETag"]) == (200, etag)
    assert len(response.json()["scenes"]) == 2
    assert refused.status_code == 401
    assert "cache is unavailable" in caplog.text


def test_every_table_the_detail_tag_reads_is_watched():
    image = Scene._meta.get_field("images").related_model
    for model in (Story, Scene, StoryCharacter, Character, Job, image):
        assert model in watch._watchers, model


@pytest.mark.parametrize(
    "write",
    [
        lambda story: SceneFactory.create_batch(1, story=story, scene_number=9, scene_id="scene_9"),
        lambda story: Scene.objects.bulk_create([Scene(story=story, scene_number=8, scene_id="scene_8")]),
        lambda story: Scene.objects.bulk_update(
            [Scene(pk=story.scenes.first().pk, title="Bulk-updated")], ["title"]
        ),
        lambda story: story.scenes.filter(scene_number=1).update(content="Rewritten."),
        lambda story: story.scenes.get(scene_number=2).delete(),
        lambda story: Job.objects.create(
            owner=story.owner, story=story, kind=JOB_KIND, estimated_cost_usd=Decimal("0.04")
        ),
        lambda story: StoryImageFactory(scene=story.scenes.get(scene_number=1)),
        lambda story: story.characters.add(Character.objects.create(owner=story.owner, name="Moss")),
        lambda story: story.characters.clear(),
        lambda story: Character.objects.filter(stories=story).update(name="Renamed"),
    ],
    ids=[
        "save",
        "bulk_create",
        "bulk_update",
        "update",
        "delete",
        "job_cost",
        "picture",
        "cast_add",
        "cast_clear",
        "character_update",
    ],
)
def test_every_orm_write_path_drops_the_cached_tag(api, user, write):
    story = illustrated_story(user, count=2)
    etag = detail(api, story)["ETag"]
    write(story)
    response = detail(api, story, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_moving_a_scene_drops_both_stories_tags(api, user):
    first, second = illustrated_story(user, count=2), illustrated_story(user, count=2)
    tags = {story.pk: detail(api, story)["ETag"] for story in (first, second)}
    first.scenes.filter(scene_number=2).update(story=second, scene_number=7, scene_id="scene_7")
    for story in (first, second):
        assert detail(api, story, HTTP_IF_NONE_MATCH=tags[story.pk]).status_code == 200


def test_a_job_lease_renewal_keeps_the_cached_tag(api, user, django_assert_num_queries):
    """Only a job's cost shows in the detail; its lease renews every few seconds while it runs."""
    story = illustrated_story(user, count=2)
    job = Job.objects.create(owner=user, story=story, kind=JOB_KIND)
    etag = detail(api, story)["ETag"]
    Job.objects.filter(pk=job.pk).update(progress_done=1)
    with django_assert_num_queries(0):
        assert detail(api, story, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_through_redis_a_revoked_token_and_a_changed_story_are_seen_at_once(user):
    shared = {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": redis_cache_url()}}
    with override_settings(CACHES=shared):
        api = client_for(user)
        story = illustrated_story(user, count=2)
        etag = detail(api, story)["ETag"]
        assert detail(api, story, HTTP_IF_NONE_MATCH=etag).status_code == 304
        Story.objects.filter(pk=story.pk).update(title="Changed behind the ORM's back")
        changed = detail(api, story, HTTP_IF_NONE_MATCH=etag)
        assert (changed.status_code, changed.json()["title"]) == (200, "Changed behind the ORM's back")
        Token.objects.filter(user=user).delete()
        assert detail(api, story).status_code == 401


def test_another_users_scene_is_404_while_its_tag_is_cached(api, user, other_api, django_assert_num_queries):
    story = illustrated_story(user, count=2)
    path = f"/api/stories/{story.pk}/scenes/scene_1/"
    etag = api.get(path)["ETag"]
    assert other_api.get(path).status_code == 404
    with django_assert_num_queries(0):
        assert other_api.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 404
        assert api.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304
    story.scenes.filter(scene_number=1).update(title="Retitled")
    response = api.get(path, HTTP_IF_NONE_MATCH=etag)
    assert (response.status_code, response.json()["title"]) == (200, "Retitled")


class PlainValuesOnly(pickle.Unpickler):
    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"the entry holds an object: {module}.{name}")


@pytest.mark.services
def test_a_token_lookup_in_redis_holds_nothing_to_log_in_with(user, django_assert_num_queries):
    """A Redis reader (a backup, a replica, `MONITOR`) finds who a user is, never a credential."""
    url, prefix = redis_cache_url(), f"token-entry-{uuid.uuid4().hex}"
    shared = {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": url, "KEY_PREFIX": prefix}}
    with override_settings(CACHES=shared):
        api = client_for(user)
        assert api.get("/api/characters/").status_code == 200
        with django_assert_num_queries(1):  # the list; the token and its user came from Redis
            assert api.get("/api/characters/").status_code == 200
    redis_client = redis.Redis.from_url(url)
    names = list(redis_client.scan_iter(f"{prefix}:*"))
    stored = {name: redis_client.get(name) for name in names}
    redis_client.delete(*names)

    token = Token.objects.get(user=user)
    lookups = [value for name, value in stored.items() if b":auth-token:user-" in name]
    assert len(lookups) == 1
    everything = b" ".join([*names, *stored.values()])
    digest = user.password.rsplit("$", 1)[-1]
    for secret in (token.key, user.password, digest, user.get_session_auth_hash()):
        assert secret.encode() not in everything
    _stamp, values = PlainValuesOnly(io.BytesIO(lookups[0])).load()
    assert user.pk in values and user.username in values


def test_a_cached_token_lookup_gives_the_users_own_name_and_rights(user, django_assert_num_queries):
    user.is_staff = True
    user.save()
    request = APIRequestFactory().get(
        "/api/characters/", HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}"
    )
    authentication = CachedTokenAuthentication()
    first, _ = authentication.authenticate(request)
    with django_assert_num_queries(0):
        cached, token = authentication.authenticate(request)
    rights = ("pk", "username", "is_active", "is_staff", "is_superuser")
    expected = tuple(getattr(user, name) for name in rights)
    assert tuple(getattr(first, name) for name in rights) == expected
    assert tuple(getattr(cached, name) for name in rights) == expected
    cached.save()  # writes what it holds, not a blank password
    user.refresh_from_db()
    assert (token.user_id, user.check_password("wonderland-42")) == (user.pk, True)
