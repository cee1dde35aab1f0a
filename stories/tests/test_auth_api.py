import pytest

pytestmark = pytest.mark.django_db


def test_register_returns_a_working_token(anonymous_api):
    response = anonymous_api.post(
        "/api/auth/register/", {"username": "carol", "password": "tangerine-sky-77"}
    )
    assert response.status_code == 201
    assert set(response.data) == {"id", "username", "token"}
    anonymous_api.credentials(HTTP_AUTHORIZATION=f"Token {response.data['token']}")
    assert anonymous_api.get("/api/stories/").status_code == 200


def test_register_refuses_a_taken_username(anonymous_api, user):
    response = anonymous_api.post(
        "/api/auth/register/", {"username": "Alice", "password": "tangerine-sky-77"}
    )
    assert response.status_code == 400
    assert "username" in response.data


def test_register_refuses_a_weak_password(anonymous_api, django_user_model):
    response = anonymous_api.post("/api/auth/register/", {"username": "dave", "password": "123"})
    assert response.status_code == 400
    assert "password" in response.data
    assert not django_user_model.objects.filter(username="dave").exists()


def test_token_for_good_credentials(anonymous_api, user):
    response = anonymous_api.post("/api/auth/token", {"username": "alice", "password": "wonderland-42"})
    assert response.status_code == 200
    assert len(response.data["token"]) == 40


def test_token_refuses_bad_credentials(anonymous_api, user):
    response = anonymous_api.post("/api/auth/token/", {"username": "alice", "password": "nope"})
    assert response.status_code == 400
    assert "token" not in response.data


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/stories/"),
        ("post", "/api/stories/"),
        ("get", "/api/stories/1/"),
        ("get", "/api/characters/"),
        ("get", "/api/jobs/"),
        ("get", "/api/jobs/1"),
        ("post", "/api/stories/1/content/"),
        ("get", "/api/stories/1/versions/"),
        ("get", "/api/stories/1/scenes/scene_1/"),
    ],
)
def test_routes_need_a_token(anonymous_api, method, url):
    assert getattr(anonymous_api, method)(url).status_code == 401


def test_an_invalid_token_is_401(anonymous_api):
    anonymous_api.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert anonymous_api.get("/api/stories/").status_code == 401


@pytest.mark.parametrize("url", ["/api/meta/audiences/", "/api/meta/genres", "/api/schema/", "/api/docs/"])
def test_public_routes_need_no_token(anonymous_api, url):
    assert anonymous_api.get(url).status_code == 200
