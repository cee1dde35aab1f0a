"""Every method on every route of the URLconf (API, docs, admin, health, content downloads),
each with odd or hostile headers: every answer is below 500, and an error under /api/ is JSON.

The routes come from the URLconf itself (`routes.every_route`), so a new route is covered the
day it is added. Each (route, method) pair is sent once bare and once with one of `HEADERS`,
taken in turn, so that every header set meets many routes; every GET under /api/ also meets
every one of `READ_HEADERS`. The table stays one quick test."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.authtoken.models import Token

from .routes import every_route

pytestmark = pytest.mark.django_db

METHODS = ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")
"""DELETE comes last: it may remove the world's objects, and every other method should meet them."""
DIGITS = "9" * 4301
READ_HEADERS = [
    {"HTTP_RANGE": f"bytes={DIGITS}-"},
    {"HTTP_RANGE": f"bytes=0-{DIGITS}"},
    {"HTTP_RANGE": f"bytes=-{DIGITS}"},
    {"HTTP_RANGE": "bytes=\u0661-\u0662"},
    {"HTTP_RANGE": "bytes=5-1, 0-0, -0, x-y"},
    {"HTTP_RANGE": "pages=1-2"},
    {"HTTP_IF_NONE_MATCH": '"' + "x" * 20_000 + '"'},
    {"HTTP_IF_NONE_MATCH": 'W/"\u00ff\u0000", *, ,,,, "unterminated'},
    {"HTTP_IF_NONE_MATCH": "*"},
    {"HTTP_IF_RANGE": "W/" + DIGITS},
    {"HTTP_IF_MODIFIED_SINCE": "Mon, 99 Foo 99999 99:99:99 GMT"},
]
"""Headers that shape a read (ranges, conditional GETs): sent with every GET under /api/."""
HEADERS = [
    {"HTTP_ACCEPT": "text/html"},
    {"HTTP_ACCEPT": "application/xml;q=abc, */*;q=-1"},
    {"HTTP_ACCEPT": ",".join(f"type{n}/sub{n};q=0.{n % 10}" for n in range(2_000))},
    {"HTTP_ACCEPT": "\u00ff/\u00fe"},
    {"HTTP_ACCEPT_LANGUAGE": "x" * 10_000 + ";q=1"},
    {"CONTENT_TYPE": "application/json; charset=utf-16"},
    {"CONTENT_TYPE": "application/json; charset=no-such-charset"},
    {"CONTENT_TYPE": ";;;=="},
    {"CONTENT_TYPE": "multipart/form-data"},
    {"CONTENT_TYPE": "application/x-www-form-urlencoded"},
    {"HTTP_AUTHORIZATION": "Token"},
    {"HTTP_AUTHORIZATION": "Token " + "a" * 10_000},
    {"HTTP_AUTHORIZATION": "Token a b c"},
    {"HTTP_AUTHORIZATION": "Token \u00ff\u00fe\u0000"},
    {"HTTP_AUTHORIZATION": "Bearer " + DIGITS},
    {"HTTP_AUTHORIZATION": "Basic !!!not-base64!!!"},
    {"HTTP_COOKIE": "sessionid=" + "\u00ff" * 100 + "; csrftoken=;;;"},
    {"HTTP_X_FORWARDED_FOR": "not-an-address, " * 500},
    {"HTTP_LAST_EVENT_ID": DIGITS},
    {"HTTP_ORIGIN": "null", "HTTP_REFERER": "\u00ff" * 3000},
    {"HTTP_USER_AGENT": "\u0000" * 10},
    {"CONTENT_LENGTH": "-1"},
    {"CONTENT_LENGTH": DIGITS},
]


def test_every_method_on_every_route_with_odd_headers_answers_below_500(world, user):
    routes = every_route(world)
    api = Client(raise_request_exception=False)
    token = Token.objects.get_or_create(user=user)[0].key
    admin = Client(raise_request_exception=False)
    editor = get_user_model().objects.create_superuser(username="ed", password="x", email="ed@example.com")
    admin.force_login(editor)
    headers = itertools.cycle(HEADERS)
    problems, sent = [], 0

    for method, route in ((method, route) for method in METHODS for route in routes):
        on_api = route.url.startswith("/api/")
        client = api if on_api else admin
        credentials = {"HTTP_AUTHORIZATION": f"Token {token}"} if on_api else {}
        reads = READ_HEADERS if on_api and method == "GET" else []
        for extra in ({}, next(headers), *reads):
            response = client.generic(
                method,
                route.url,
                data=b'{"title": "x"}',
                content_type="application/json",
                **credentials | extra,
            )
            sent += 1
            label = f"{method} {route.url} {str(extra)[:120]}"
            if response.status_code >= 500:
                problems.append(f"{label}: {response.status_code}")
            elif on_api and response.status_code >= 400 and response["Content-Type"] != "application/json":
                problems.append(f"{label}: {response.status_code} {response['Content-Type']}")
        if "logout" in route.url:
            admin.force_login(editor)

    assert sent >= 2 * len(METHODS) * 100
    assert not problems, "\n".join(problems[:40])
