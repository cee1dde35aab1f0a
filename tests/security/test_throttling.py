"""Throttling, in one place: what the counters count (admitted requests and failed logins,
nothing else), the per-user scopes of the expensive routes, the login and registration limits
(per username and per address, in the API and the admin), what happens while the cache is
down, and parallel bursts, which get no more past a limit than requests sent one at a time.

It sits with the security suite because its per-route check reads every scoped operation from
the schema and names real objects through this directory's `world` fixture (tests/security/
conftest.py), which five other security modules share.
"""

from __future__ import annotations

import http.client
import json
import urllib.parse
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.test import override_settings
from django.urls import resolve
from rest_framework.test import APIClient

from conftest import UNREACHABLE_CACHE, redis_cache_url, require_postgresql
from core.api.throttling import WindowCounter, parse_rate
from jobs.models import Job
from stories.tests.factories import StoryFactory, story_with_scenes

from .conftest import Operation, api_operations

pytestmark = pytest.mark.django_db


# The counters


def test_a_refused_use_is_not_counted():
    counter = WindowCounter("throttle_test_refusal", limit=2, period=60)
    assert [counter.take() for _ in range(4)] == [True, True, False, False]
    counter.give_back()
    assert [counter.take() for _ in range(2)] == [True, False]
    assert 0 < counter.wait <= 60


def test_a_window_opens_at_the_first_use_not_on_the_clock(monkeypatch):
    """Uses that straddle a minute on the clock are still one window: the third is refused."""
    clock = iter([1019.5, 1019.9, 1020.1, 1078.0, 1078.4])
    monkeypatch.setattr("core.api.throttling.time", SimpleNamespace(time=lambda: next(clock)))
    counter = WindowCounter("throttle_test_clock", limit=2, period=60)
    assert [counter.take(), counter.take(), counter.take()] == [True, True, False]
    assert counter.wait == pytest.approx(1019.9 + 60 - 1078.4)


def test_default_login_and_register_rates(settings):
    assert parse_rate("10/15min") == (10, 900)
    assert parse_rate("20/hour") == (20, 3600)


# The expensive routes, per user and scope


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


def test_the_narrate_route_is_throttled(api, user, settings):
    settings.AI_PROVIDER = "offline"
    settings.NARRATION_PROVIDER = "auto"
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "narrate": "1/hour"}
    story = story_with_scenes(user)
    assert api.post(f"/api/stories/{story.pk}/narrate/", {}, format="json").status_code == 202
    throttled = api.post(f"/api/stories/{story.pk}/narrate/", {}, format="json")
    assert throttled.status_code == 429 and "Retry-After" in throttled


EXPENSIVE_SCOPES = {"generate", "refine", "adjust", "images", "exports", "batch"}
PLACEHOLDERS = {"{id}": "1", "{scene_id}": "scene_1", "{version}": "1"}


def throttle_scope(operation: Operation) -> str | None:
    path = operation.path
    for placeholder, value in PLACEHOLDERS.items():
        path = path.replace(placeholder, value)
    view = resolve(path).func
    return getattr(getattr(view, "cls", view), "throttle_scope", None)


def operations_by_scope() -> dict[str, list[Operation]]:
    scoped = defaultdict(list)
    for operation in api_operations():
        scope = throttle_scope(operation)
        if scope is not None:
            scoped[scope].append(operation)
    return dict(scoped)


SCOPED = operations_by_scope()


def test_every_expensive_scope_has_a_rate_and_a_route():
    assert set(django_settings.THROTTLE_RATES) >= EXPENSIVE_SCOPES
    assert set(SCOPED) >= EXPENSIVE_SCOPES, f"scopes without a route: {EXPENSIVE_SCOPES - set(SCOPED)}"


@pytest.mark.parametrize(
    "operation", [operation for operations in SCOPED.values() for operation in operations], ids=str
)
def test_a_scoped_route_answers_429_past_its_rate(operation, world, api, settings):
    scope = throttle_scope(operation)
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, scope: "2/minute"}
    cache.clear()
    url = world.url(operation.path)

    answers = [
        api.generic(operation.method.upper(), url, data="{}", content_type="application/json")
        for _ in range(3)
    ]

    assert [answer.status_code == 429 for answer in answers] == [False, False, True], (
        f"{operation} ({scope}): {[answer.status_code for answer in answers]}"
    )
    assert int(answers[-1]["Retry-After"]) > 0
    assert "detail" in answers[-1].json()


# Logins and registrations


def wrong(api, username="alice"):
    return api.post("/api/auth/token/", {"username": username, "password": "not-it"}).status_code


def right(api):
    return api.post("/api/auth/token/", {"username": "alice", "password": "wonderland-42"}).status_code


def test_only_failed_logins_count(anonymous_api, user, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "login": "2/15min"}
    assert [right(anonymous_api) for _ in range(5)] == [200] * 5
    no_password = anonymous_api.post("/api/auth/token/", {"username": "alice"})
    assert no_password.status_code == 400 and "password" in no_password.json()
    assert [wrong(anonymous_api) for _ in range(2)] == [400, 400]
    refused = anonymous_api.post("/api/auth/token/", {"username": "alice", "password": "wonderland-42"})
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 900


def test_admin_logins_that_succeed_do_not_count(client, django_user_model, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "login": "2/15min"}
    django_user_model.objects.create_user(username="editor", password="review-desk-42", is_staff=True)
    for _ in range(3):
        answer = client.post("/admin/login/", {"username": "editor", "password": "review-desk-42"})
        assert answer.status_code == 302
        client.logout()
    assert [
        client.post("/admin/login/", {"username": "editor", "password": "x"}).status_code for _ in range(3)
    ] == [200, 200, 429]


def test_failed_admin_logins_count_from_a_session_already_logged_in(client, django_user_model, settings):
    """A staff member's session stays logged in when its login form is refused: the guess counts."""
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "login": "2/15min"}
    django_user_model.objects.create_user(username="insider", password="inside-job-42", is_staff=True)
    django_user_model.objects.create_user(username="root", password="root-password-42", is_staff=True)
    client.login(username="insider", password="inside-job-42")
    guesses = [client.post("/admin/login/", {"username": "root", "password": f"guess-{n}"}) for n in range(4)]
    assert [guess.status_code for guess in guesses] == [200, 200, 429, 429]


LOOKALIKES = ["staffer", "ｓtaffer", "𝐬𝐭𝐚𝐟𝐟𝐞𝐫"]
"""One account's name as typed, with a full-width letter and in mathematical bold."""


@pytest.fixture
def staffer(django_user_model):
    return django_user_model.objects.create_user(username="staffer", password="back-office-42", is_staff=True)


def token_login(api, username, password, address="192.0.2.1"):
    body = {"username": username, "password": password}
    return api.post("/api/auth/token/", body, REMOTE_ADDR=address).status_code


def admin_login(client, username, password, address="192.0.2.1"):
    answer = client.post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address)
    client.logout()
    return answer


ADDRESSES = ["192.0.2.10", "192.0.2.11", "192.0.2.12"]
"""One guess from each, so that only the username's counter can refuse."""


def test_lookalike_usernames_log_in_to_one_account_on_one_counter_through_the_api(
    anonymous_api, staffer, settings
):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "login": "2/15min"}
    assert [token_login(anonymous_api, name, "back-office-42") for name in LOOKALIKES] == [200] * 3
    guesses = [
        token_login(anonymous_api, name, "guess", at) for name, at in zip(LOOKALIKES, ADDRESSES, strict=True)
    ]
    assert guesses == [400, 400, 429]
    assert token_login(anonymous_api, "staffer", "back-office-42") == 429


def test_lookalike_usernames_log_in_to_one_account_on_one_counter_through_the_admin(
    client, staffer, settings
):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "login": "2/15min"}
    assert [admin_login(client, name, "back-office-42").status_code for name in LOOKALIKES] == [302] * 3
    guesses = [
        admin_login(client, name, "guess", at).status_code
        for name, at in zip(LOOKALIKES, ADDRESSES, strict=True)
    ]
    assert guesses == [200, 200, 429]
    assert admin_login(client, "staffer", "back-office-42").status_code == 429


def test_the_address_limit_is_separate_and_looser(anonymous_api, user, settings):
    """One guesser locks out the name it guesses at, not everyone behind its address."""
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "login": "2/15min", "login_address": "5/15min"}
    assert [wrong(anonymous_api) for _ in range(3)] == [400, 400, 429]
    assert [wrong(anonymous_api, name) for name in ("bob", "carol", "dave")] == [400, 400, 400]
    refused = anonymous_api.post("/api/auth/token/", {"username": "erin", "password": "not-it"})
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 900
    elsewhere = APIClient(REMOTE_ADDR="198.51.100.7")
    assert [wrong(elsewhere, "erin"), right(elsewhere)] == [400, 429]


def test_a_throttled_admin_login_is_an_admin_page_that_says_when_to_try_again(client, staffer, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "login": "1/15min"}
    admin_login(client, "staffer", "guess")
    refused = admin_login(client, "staffer", "back-office-42")
    assert refused.status_code == 429
    assert 890 <= int(refused["Retry-After"]) <= 900
    assert "admin/base_site.html" in [template.name for template in refused.templates]
    page = refused.content.decode()
    assert 'id="site-name"' in page and "Too many failed logins" in page
    assert "Try again in 15 minutes" in page


def test_failed_logins_are_throttled_per_username(anonymous_api, user, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "login": "10/15min"}
    answers = [
        anonymous_api.post("/api/auth/token/", {"username": "alice", "password": "wrong"}).status_code
        for _ in range(10)
    ]
    assert answers == [400] * 10
    refused = anonymous_api.post("/api/auth/token/", {"username": "alice", "password": "wonderland-42"})
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 900


def test_failed_logins_are_throttled_per_address_and_in_the_admin(anonymous_api, client, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "login_address": "3/15min"}
    for number in range(3):
        anonymous_api.post("/api/auth/token/", {"username": f"guess{number}", "password": "x"})
    assert anonymous_api.post("/api/auth/token/", {"username": "other", "password": "x"}).status_code == 429
    admin = client.post("/admin/login/", {"username": "someone", "password": "x"})
    assert admin.status_code == 429 and int(admin["Retry-After"]) > 0


def test_registrations_are_throttled_per_address(anonymous_api, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "register": "3/hour"}
    answers = [
        anonymous_api.post(
            "/api/auth/register/", {"username": f"fox{number}", "password": "a-long-enough-pass-42"}
        ).status_code
        for number in range(4)
    ]
    assert answers == [201, 201, 201, 429]


# While the cache is down, throttles let requests through


def test_throttles_let_requests_through_while_the_cache_is_down(anonymous_api, user, settings, caplog):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "login": "1/15min", "register": "1/hour"}
    with override_settings(CACHES=UNREACHABLE_CACHE):
        assert [wrong(anonymous_api) for _ in range(2)] == [400, 400]
        assert right(anonymous_api) == 200
        registered = anonymous_api.post(
            "/api/auth/register/", {"username": "newcomer", "password": "a-long-enough-pass-42"}
        )
    assert registered.status_code == 201
    assert "throttle login: the cache is unavailable" in caplog.text
    assert "throttle register: the cache is unavailable" in caplog.text


def test_a_cache_outage_lets_throttled_routes_through(api, user, caplog):
    story = story_with_scenes(user)
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    with override_settings(CACHES=unreachable):
        response = api.get(f"/api/stories/{story.pk}/export/markdown/")
    assert response.status_code == 200
    assert "cache is unavailable" in caplog.text


# Parallel bursts: real HTTP requests, all released at once from threads, to a live server on
# PostgreSQL whose counters are in Redis. Before the counters were atomic (`WindowCounter`) and
# a login held its place before its password was checked (`login_attempt`), 36 to 40 of 40
# parallel wrong passwords were checked against a limit of 10, and 40 of 40 registrations
# passed one.


BURST = 40
LIMIT = 10


@pytest.fixture
def shared_counters(settings):
    """Redis as the cache, under a prefix of this test's own (no other run's counters)."""
    require_postgresql()
    caches = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": redis_cache_url(),
            "KEY_PREFIX": f"burst-{uuid.uuid4().hex}",
        }
    }
    with override_settings(CACHES=caches):
        yield


def post_at_once(url: str, bodies: list[dict]) -> Counter:
    """POST every body at the same moment, each on a connection opened beforehand (the live
    server's listen queue holds only 10); how many answers had each status."""
    address = urllib.parse.urlsplit(url)
    connections = []
    for _ in bodies:
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
        connection.connect()
        connections.append(connection)
    start = Barrier(len(bodies))

    def post(connection: http.client.HTTPConnection, body: dict) -> int:
        payload = json.dumps(body)
        start.wait()
        connection.request("POST", address.path, payload, {"Content-Type": "application/json"})
        with connection.getresponse() as answer:
            return answer.status

    try:
        with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
            return Counter(pool.map(post, connections, bodies))
    finally:
        for connection in connections:
            connection.close()


@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_passwords_get_exactly_the_limit_checked(live_server, shared_counters, user, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "login": f"{LIMIT}/15min"}
    guesses = [{"username": "alice", "password": f"guess-{number}"} for number in range(BURST)]

    checked = []
    user_login_failed.connect(lambda **kwargs: checked.append(1), weak=False, dispatch_uid="burst-count")
    try:
        answers = post_at_once(f"{live_server.url}/api/auth/token/", guesses)
    finally:
        user_login_failed.disconnect(dispatch_uid="burst-count")

    assert answers == {400: LIMIT, 429: BURST - LIMIT}
    assert len(checked) == LIMIT, "passwords were checked past the limit"


@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_get_exactly_the_rate(live_server, shared_counters, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "register": f"{LIMIT}/hour"}
    password = "a-long-enough-pass-42"
    accounts = [{"username": f"burst{number}", "password": password} for number in range(BURST)]

    answers = post_at_once(f"{live_server.url}/api/auth/register/", accounts)

    assert answers == {201: LIMIT, 429: BURST - LIMIT}
