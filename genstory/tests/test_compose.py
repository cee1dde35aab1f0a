"""docker-compose.yml, checked for structure (no Docker engine or compose v2 on CI machines).

What `docker compose config` would reject, and what the deployment relies on: every service
an app container waits for exists and can report the state it waits for, web's health is
/readyz, workers consume the queues settings name, and app containers keep their media in the
S3-compatible store, in a bucket created before any of them starts.
"""

from pathlib import Path

import pytest
import yaml
from django.conf import settings

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"
APP_SERVICES = {"web", "worker", "batch-worker", "beat"}
CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def test_the_services_are_all_there(compose):
    assert set(compose["services"]) == APP_SERVICES | {"migrate", "media-bucket", "postgres", "redis", "s3"}
    for name, service in compose["services"].items():
        assert ("build" in service) != ("image" in service), name
        assert service.get("command") or "image" in service, name


def test_dependencies_name_real_services_with_what_they_wait_for(compose):
    services = compose["services"]
    for name, service in services.items():
        for dependency, rule in service.get("depends_on", {}).items():
            assert dependency in services, (name, dependency)
            assert rule["condition"] in CONDITIONS, (name, dependency)
            if rule["condition"] == "service_healthy":
                assert "healthcheck" in services[dependency], (name, dependency)
    for name in APP_SERVICES:
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}


def test_health_checks(compose):
    services = compose["services"]
    web_check = " ".join(services["web"]["healthcheck"]["test"])
    assert "/readyz" in web_check and "8000" in web_check
    for name in ("worker", "batch-worker", "postgres", "redis", "s3"):
        check = services[name]["healthcheck"]
        assert check["test"][0] in {"CMD", "CMD-SHELL"}, name
    assert "inspect ping" in services["worker"]["healthcheck"]["test"][1]


def test_workers_consume_the_queues_the_settings_name(compose):
    services = compose["services"]
    both = f"-Q {settings.CELERY_TASK_DEFAULT_QUEUE},{settings.CELERY_BATCH_QUEUE}"
    assert services["worker"]["command"].endswith(both)
    assert services["batch-worker"]["command"].endswith(f"-Q {settings.CELERY_BATCH_QUEUE}")


def test_app_containers_share_the_s3_media_store_and_the_services(compose):
    services = compose["services"]
    store = services["s3"]
    for name in [*APP_SERVICES, "media-bucket"]:
        environment = services[name]["environment"]
        assert environment["MEDIA_STORAGE"] == "s3", name
        assert environment["MEDIA_S3_ENDPOINT_URL"] == "http://s3:9000", name
        assert environment["MEDIA_S3_BUCKET"] == services["web"]["environment"]["MEDIA_S3_BUCKET"], name
        assert environment["MEDIA_S3_ACCESS_KEY_ID"] == store["environment"]["MINIO_ROOT_USER"], name
        assert environment["MEDIA_S3_SECRET_ACCESS_KEY"] == store["environment"]["MINIO_ROOT_PASSWORD"], name
    for name in APP_SERVICES:
        service = services[name]
        assert "volumes" not in service, f"{name}: media live in the store, not on a volume"
        assert service["depends_on"]["media-bucket"] == {"condition": "service_completed_successfully"}
        assert service["environment"]["CELERY_BROKER_URL"].startswith("redis://redis:")
        assert service["environment"]["CACHE_URL"].startswith("redis://redis:")
        assert service["environment"]["DATABASE_URL"].startswith("postgres://")
    assert "create_media_bucket" in services["media-bucket"]["command"]
    assert services["media-bucket"]["depends_on"]["s3"] == {"condition": "service_healthy"}
    assert ":9000" not in " ".join(store.get("ports", [])), "the store stays on the internal network"
    named = {volume.split(":")[0] for service in services.values() for volume in service.get("volumes", [])}
    assert named <= set(compose["volumes"])


def test_web_serves_asgi_through_uvicorn_workers(compose):
    """Live job events are an async view: web must run the ASGI app on an event loop."""
    command = compose["services"]["web"]["command"]
    assert "genstory.asgi:application" in command
    assert "--worker-class uvicorn_worker.UvicornWorker" in command
    import uvicorn_worker  # noqa: F401  (the worker class is installed)
