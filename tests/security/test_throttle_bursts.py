"""A parallel burst gets no more past a limit than requests sent one at a time do.

Real HTTP requests, all released at once from threads, to a live server on PostgreSQL whose
throttle counters are in Redis. Before the counters were atomic (`WindowCounter`) and a login
held its place before its password was checked (`login_attempt`), 36 to 40 of 40 parallel
wrong passwords were checked against a limit of 10, and 40 of 40 registrations passed one.
"""

from __future__ import annotations

import http.client
import json
import urllib.parse
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.contrib.auth.signals import user_login_failed
from django.test import override_settings

from conftest import redis_cache_url, require_postgresql

pytestmark = pytest.mark.django_db(transaction=True)

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


def test_parallel_registrations_get_exactly_the_rate(live_server, shared_counters, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "register": f"{LIMIT}/hour"}
    password = "a-long-enough-pass-42"
    accounts = [{"username": f"burst{number}", "password": password} for number in range(BURST)]

    answers = post_at_once(f"{live_server.url}/api/auth/register/", accounts)

    assert answers == {201: LIMIT, 429: BURST - LIMIT}
