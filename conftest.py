"""Shared fixtures: API clients per user, eager Celery, and the services gate."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from genstory.celery import app as celery_app

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


class JobRunningAPIClient(APIClient):
    """Runs on-commit callbacks (the job enqueue) after each request, as a real commit would.

    pytest-django wraps each test in a transaction that never commits, so without this an
    enqueued task would never run.
    """

    def generic(self, *args, **kwargs):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().generic(*args, **kwargs)


@pytest.fixture(autouse=True)
def eager_celery(settings, tmp_path):
    """Unit and API tests run tasks in-process; service tests opt into a real worker."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def generous_throttles(settings):
    """Throttle counters live in the cache, which outlives a test: start each with none, and
    with rates no test reaches by accident (throttling tests set their own)."""
    settings.THROTTLE_RATES = {scope: "100000/hour" for scope in settings.THROTTLE_RATES}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user(username="alice", password="wonderland-42")


@pytest.fixture
def other_user(django_user_model):
    return django_user_model.objects.create_user(username="bob", password="builder-4242")


def client_for(user) -> APIClient:
    client = JobRunningAPIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def api(user):
    return client_for(user)


@pytest.fixture
def other_api(other_user):
    return client_for(other_user)


@pytest.fixture
def anonymous_api():
    return JobRunningAPIClient()


def unavailable(reason: str) -> NoReturn:
    """A peer a test needs (PostgreSQL, Redis, Chromium) is missing: under CI that is a failure,
    since CI provides every peer; elsewhere the test skips and says why."""
    if IN_CI:
        pytest.fail(reason)
    pytest.skip(reason)


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        unavailable("this test needs PostgreSQL (DATABASE_URL is not PostgreSQL)")


UNREACHABLE_CACHE = {
    "default": {
        "BACKEND": "core.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_connect_timeout": 0.5},
    }
}
"""A Redis cache nobody answers at (port 9, discard), for the tests of a cache outage."""


def redis_cache_url() -> str:
    """The test run's own Redis database (its broker's), for the tests of the shared cache."""
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith("redis://"):
        unavailable("CELERY_BROKER_URL is not a Redis URL (run through .ci/run)")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        unavailable(f"Redis at {url} does not answer: {error}")
    return url


def require_services() -> None:
    """Service tests need PostgreSQL and Redis: fail under CI, skip with a reason elsewhere."""
    problems = []
    if connection.vendor != "postgresql":
        problems.append("DATABASE_URL is not PostgreSQL")
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis://"):
        problems.append("CELERY_BROKER_URL is not a Redis URL")
    else:
        import redis

        try:
            redis.Redis.from_url(broker, socket_connect_timeout=2).ping()
        except redis.RedisError as error:
            problems.append(f"Redis at {broker} does not answer: {error}")
    if problems:
        unavailable("; ".join(problems) + " (run through .ci/run)")


@pytest.fixture(scope="session")
def fake_openai_server():
    from tests.fake_openai import FakeOpenAIServer

    with FakeOpenAIServer() as server:
        yield server


@pytest.fixture
def fake_openai(fake_openai_server, settings):
    """The openai provider, through the real SDK, talking HTTP to the local fake server."""
    from ai.openai.provider import forget_structured_output_modes
    from ai.providers import forget_moderation_fallbacks

    fake_openai_server.reset()
    forget_structured_output_modes()
    forget_moderation_fallbacks()
    settings.AI_PROVIDER = "openai"
    settings.OPENAI_API_KEY = "sk-test-not-a-secret"
    settings.OPENAI_BASE_URL = fake_openai_server.base_url
    # `auto` narrates offline for a custom base URL (self-hosted servers have no speech route);
    # the fake server plays OpenAI, speech included.
    settings.NARRATION_PROVIDER = "openai"
    settings.OPENAI_MAX_RETRIES = 0
    settings.OPENAI_TIMEOUT_SECONDS = 2.0
    yield fake_openai_server
    fake_openai_server.reset()
    forget_moderation_fallbacks()


@pytest.fixture(scope="session")
def local_s3():
    """A real S3 API (moto's server) on a free local port, for the whole run."""
    try:
        from tests.s3.server import LocalS3

        server = LocalS3().start()
    except Exception as error:  # whatever stopped it (moto missing, no port), say what
        unavailable(f"the local S3 server (moto) did not start: {error!r}")
    yield server
    server.stop()


@pytest.fixture
def media_on_s3(local_s3, settings):
    """This test's media in a fresh bucket of the local S3 server (MEDIA_STORAGE=s3), through
    the same storage class the settings install; yields the bucket to look into."""
    bucket = local_s3.new_bucket()
    settings.MEDIA_STORAGE = "s3"
    settings.STORAGES = {**settings.STORAGES, "default": bucket.storage_setting}
    yield bucket
    bucket.remove()


@pytest.fixture(params=["local", "s3"])
def media(request):
    """Runs the test twice: media on the local disk (the default), then in a bucket of the local
    S3 server (the bucket, or None on disk). Ask for it before any fixture that stores files."""
    return request.getfixturevalue("media_on_s3") if request.param == "s3" else None
