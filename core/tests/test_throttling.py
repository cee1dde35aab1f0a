"""What the throttle counters count: admitted requests and failed logins, nothing else."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from conftest import UNREACHABLE_CACHE
from core.api.throttling import WindowCounter

pytestmark = pytest.mark.django_db


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
