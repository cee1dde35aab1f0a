"""Hostile input: a table of hostile requests against every JSON route the schema documents
(every answer is JSON and below 500, and a rejected request stores nothing), then particular
bodies one route at a time (deep nesting, lone surrogates, NUL bytes, oversize bodies and
texts, broken JSON, long numbers, a byte order mark, control characters)."""

from __future__ import annotations

import itertools
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Max, Sum
from django.db.models.functions import Length

from conftest import require_postgresql
from jobs.models import Job
from refinements.models import Refinement
from spend.models import SpendEntry
from stories.models import Character, Scene, Story, StoryVersion
from stories.tests.factories import story_with_scenes

from .conftest import api_operations

pytestmark = pytest.mark.django_db

TEXT_FIELDS = (
    "description",
    "title",
    "name",
    "appearance",
    "content",
    "genre",
    "target_audience",
    "refinement_type",
    "custom_instructions",
    "scene_id",
    "username",
    "password",
    "role",
)


def everywhere(value) -> str:
    """A JSON object setting every text field a route might read to `value` (raw JSON text)."""
    return "{" + ", ".join(f'"{field}": {value}' for field in TEXT_FIELDS) + "}"


BODIES = {
    "nested_100": '{"a":' * 100 + "1" + "}" * 100,
    "nested_3000": '{"a":' * 3000 + "1" + "}" * 3000,
    "nested_list_65": "[" * 65 + "]" * 65,
    "lone_surrogate": everywhere('"\\ud800"'),
    "lone_low_surrogate": everywhere('"a\\udfffb"'),
    "nul_byte": everywhere('"fox\\u0000moon"'),
    "surrogate_key": '{"\\ud800": 1, "description": "A fox."}',
    "oversize": '{"description": "' + "x" * (1024 * 1024 + 10) + '"}',
    "long_texts": everywhere('"' + "w " * 30_000 + '"'),
    "wrong_types_numbers": everywhere("12345"),
    "wrong_types_lists": everywhere('["a", {"b": 1}]'),
    "wrong_types_null": everywhere("null"),
    "top_level_list": '[{"description": "A fox."}]',
    "top_level_string": '"hello"',
    "nan": '{"description": NaN, "speed": Infinity}',
    "truncated": '{"description": "A fo',
    "huge_ids": '{"character_ids": [100000000000000000000000], "story_ids": [1e400], '
    '"characters": [{"id": -99999999999999999999999}], "against": 1e999}',
    "bad_utf8": b'{"description": "\xff\xfe"}',
}
CONTENT_TYPES = {
    "text_plain": ("text/plain", '{"description": "A fox."}'),
    "form": ("application/x-www-form-urlencoded", "description=A+fox"),
    "multipart": (
        "multipart/form-data; boundary=xx",
        '--xx\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--xx--',
    ),
    "xml": ("application/xml", "<story><description>A fox.</description></story>"),
}
URL_VARIANTS = {
    "nul_in_path": lambda url: url.rstrip("/") + "%00/",
    "huge_id": lambda url: (
        url.replace("/1/", "/" + "9" * 40 + "/", 1) if "/1/" in url else url + "9" * 30 + "/"
    ),
    "bad_utf8_path": lambda url: url.rstrip("/") + "%ED%A0%80/",
    "nul_query": lambda url: url + "?genre=%00&story=%00",
    "overflow_query": lambda url: url + "?page=99999999999999999999999&against=" + "9" * 40 + "&story=-1",
}
METHODS_WITH_BODY = {"post", "put", "patch"}


def fingerprint() -> tuple:
    """What a rejected request must not change."""
    return (
        get_user_model().objects.count(),
        Character.objects.count(),
        Story.objects.aggregate(n=Max("id"), updated=Max("updated_at"))["updated"],
        Story.objects.count(),
        Scene.objects.aggregate(text=Sum(Length("content")))["text"],
        StoryVersion.objects.count(),
        Job.objects.count(),
        Refinement.objects.count(),
        SpendEntry.objects.count(),
    )


def test_hostile_requests_get_json_4xx_and_change_nothing(api, world, settings):
    operations = [operation for operation in api_operations() if not operation.path.startswith("/api/docs")]
    sent = 0
    problems = []

    def send(operation, url, body, content_type):
        nonlocal sent
        before = fingerprint()
        data = body if isinstance(body, bytes) else body.encode("utf-8", "surrogatepass")
        response = api.generic(operation.method.upper(), url, data=data, content_type=content_type)
        sent += 1
        label = f"{operation} {url[:80]} ({content_type}, {data[:40]!r})"
        if response.status_code >= 500:
            problems.append(f"{label}: {response.status_code}")
        if response.status_code >= 400:
            if not response["Content-Type"].startswith("application/json"):
                problems.append(f"{label}: {response.status_code} {response['Content-Type']}")
            elif fingerprint() != before:
                problems.append(f"{label}: {response.status_code} but something was stored")

    for operation in operations:
        url = world.url(operation.path)
        for name, make in URL_VARIANTS.items():
            if operation.method == "delete" and name == "overflow_query":
                continue  # a valid delete with odd query parameters is not hostile: it deletes
            send(operation, make(url), "", "application/json")
        if operation.method not in METHODS_WITH_BODY:
            continue
        for body in BODIES.values():
            send(operation, url, body, "application/json")
        for content_type, body in CONTENT_TYPES.values():
            send(operation, url, body, content_type)

    assert sent >= 500
    assert not problems, "\n".join(itertools.islice(problems, 40))


def test_every_json_route_refuses_a_field_it_does_not_know(api, world):
    """Strict input (API.md): a field the route does not know is a 400 naming it, whether the
    route reads a body or none; nothing is stored."""
    writes = [operation for operation in api_operations() if operation.method in METHODS_WITH_BODY]
    problems = []
    for operation in writes:
        before = fingerprint()
        response = api.generic(
            operation.method.upper(),
            world.url(operation.path),
            data='{"surely_not_a_field": 1}',
            content_type="application/json",
        )
        if response.status_code != 400 or "surely_not_a_field" not in response.json():
            problems.append(f"{operation}: {response.status_code} {response.content[:100]!r}")
        elif fingerprint() != before:
            problems.append(f"{operation}: 400 but something was stored")
    assert len(writes) >= 15
    assert not problems, "\n".join(problems)


def test_the_schema_says_request_bodies_are_closed_and_booleans_are_booleans(anonymous_api):
    schema = anonymous_api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    bodies = {
        name: body for name, body in schema["components"]["schemas"].items() if name.endswith("Request")
    }
    assert len(bodies) >= 10
    assert all(body.get("additionalProperties") is False for body in bodies.values()), [
        name for name, body in bodies.items() if body.get("additionalProperties") is not False
    ]
    booleans = {
        (name, field): spec.get("type")
        for name, body in bodies.items()
        for field, spec in body.get("properties", {}).items()
        if field in {"cover", "maintain_plot"}
    }
    assert booleans == {
        ("SceneImagesInputRequest", "cover"): "boolean",
        ("AdjustAudienceInputRequest", "maintain_plot"): "boolean",
    }
    query_booleans = [
        parameter["schema"]["type"]
        for item in schema["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict)
        for parameter in operation.get("parameters", [])
        if parameter["name"] in {"include_images", "bundle", "narration"}
    ]
    assert query_booleans == ["boolean"] * 3


# Particular hostile bodies, one route at a time


def raw(client, method, url, body: str, content_type="application/json"):
    return client.generic(method, url, data=body.encode("utf-8", "surrogatepass"), content_type=content_type)


@pytest.mark.parametrize(
    "url, authenticated",
    [("/api/auth/register/", False), ("/api/auth/token/", False), ("/api/stories/", True)],
)
def test_deeply_nested_json_is_a_400(api, anonymous_api, url, authenticated):
    client = api if authenticated else anonymous_api
    response = raw(client, "POST", url, '{"a":' * 3000 + "1" + "}" * 3000)
    assert response.status_code == 400
    assert "nested" in response.json()["detail"]
    assert raw(client, "POST", url, "[" * 65 + "]" * 65).status_code == 400


@pytest.mark.parametrize(
    "route, body",
    [
        ("stories/", '{"description": "A fox.", "genre": "\\ud800"}'),
        ("stories/{id}/refine-scene/scene_1/", '{"refinement_type": "\\ud800"}'),
        ("stories/{id}/adjust-audience/", '{"target_audience": "\\udfff"}'),
        ("stories/batch-generate/", '{"briefs": [{"description": "x", "genre": "\\ud800"}]}'),
    ],
)
def test_a_lone_surrogate_is_a_400(api, user, route, body):
    story = story_with_scenes(user)
    response = raw(api, "POST", "/api/" + route.format(id=story.pk), body)
    assert response.status_code == 400
    assert "surrogate" in response.json()["detail"]


def test_a_nul_byte_in_a_url_scene_id_is_a_404(api, user):
    require_postgresql()
    story = story_with_scenes(user)
    response = api.get(f"/api/stories/{story.pk}/scenes/scene_1%00/")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    assert api.get("/api/stories/?genre=%00").status_code == 400


def test_oversize_bodies_and_texts_are_refused(api, user):
    big = api.post("/api/stories/", {"description": "x" * (2 * 1024 * 1024)})
    assert big.status_code == 413 and "detail" in big.json()
    assert api.post("/api/stories/", {"description": "x" * 5001}).status_code == 400
    assert api.post("/api/stories/", {"description": "x" * 5000}).status_code == 201
    story = story_with_scenes(user)
    edit = api.patch(f"/api/stories/{story.pk}/scenes/scene_1/", {"content": "word " * 4001})
    assert edit.status_code == 400 and "content" in edit.json()
    character = api.post("/api/characters/", {"name": "Fox", "traits": ["x" * 51]})
    assert character.status_code == 400
    assert api.post("/api/characters/", {"name": "Fox", "traits": ["brave"] * 21}).status_code == 400
    assert api.post("/api/characters/", {"name": "Fox", "appearance": "x" * 2001}).status_code == 400
    refine = api.post(
        f"/api/stories/{story.pk}/refine-scene/scene_1/",
        {"refinement_type": "custom", "custom_instructions": "x" * 501},
    )
    assert refine.status_code == 400
    assert Story.objects.count() == 2


def test_json_error_bodies_everywhere(api):
    cache.clear()
    response = raw(api, "POST", "/api/stories/", "{", content_type="application/json")
    assert response.status_code == 400 and json.loads(response.content)
    response = raw(api, "POST", "/api/stories/", "description=x", content_type="text/plain")
    assert response.status_code == 415 and "detail" in response.json()


def test_a_long_number_is_a_plain_400_and_a_byte_order_mark_is_ignored(api):
    too_long = raw(api, "POST", "/api/stories/", '{"title": "Fox", "description": ' + "9" * 5000 + "}")
    assert too_long.status_code == 400
    assert too_long.json()["detail"] == "A number in the body is too long to be read."
    marked = raw(api, "POST", "/api/stories/", '\ufeff{"title": "Fox", "description": "A fox and the moon."}')
    assert marked.status_code == 201, marked.content


def test_control_characters_in_text_are_a_400_so_exports_never_meet_them(api, user):
    story = story_with_scenes(user)
    response = raw(api, "PATCH", f"/api/stories/{story.pk}/", '{"title": "Fox\\u001fMoon"}')
    assert response.status_code == 400 and "control characters" in response.json()["detail"]
    for noncharacter in ("\\ufffe", "\\uffff"):
        body = f'{{"title": "Fox{noncharacter}Moon"}}'
        assert raw(api, "PATCH", f"/api/stories/{story.pk}/", body).status_code == 400, noncharacter
    assert api.patch(f"/api/stories/{story.pk}/", {"title": "Fox\tand\nMoon"}).status_code == 200
    assert api.get(f"/api/stories/{story.pk}/export/epub/").status_code == 200
