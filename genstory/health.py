"""Probes for orchestrators: `/healthz` (the process answers) and `/readyz` (it can do work).

Both are public, outside /api/, never cached, and touch no model of ours. Readiness checks
the database with one query, the broker with a connection and an S3 media store with one HEAD
of its bucket, each under a short timeout, so a load balancer stops sending traffic to a web
process that could only answer with errors.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

from ai.providers import moderation_status

logger = logging.getLogger("genstory.health")


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    checks = {"database": _database(), "broker": _broker(), "media": _media()}
    ready = all(check["status"] in {"ok", "in-process", "local"} for check in checks.values())
    checks["moderation"] = moderation_status()
    body = {"status": "ok" if ready else "unavailable", "checks": checks}
    return JsonResponse(body, status=200 if ready else 503)


def _database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("readiness: the database is unreachable: %s", error)
        return {"status": "error", "error": "The database is unreachable."}
    return {"status": "ok"}


def _broker() -> dict:
    """In the embedded mode tasks run in-process: there is no broker to reach."""
    if settings.CELERY_BROKER_URL.startswith("memory://"):
        return {"status": "in-process"}
    timeout = settings.READINESS_TIMEOUT_SECONDS
    options = {"socket_connect_timeout": timeout, "socket_timeout": timeout}
    try:
        with Connection(
            settings.CELERY_BROKER_URL, connect_timeout=timeout, transport_options=options
        ) as broker:
            broker.ensure_connection(max_retries=0, timeout=timeout)
    except Exception as error:  # any failure to connect means "not ready", never a 500
        logger.warning("readiness: the broker is unreachable: %s", error)
        return {"status": "error", "error": "The broker is unreachable."}
    return {"status": "ok"}


def _media() -> dict:
    """Media on the local disk need no probe; an S3 store must answer for its bucket."""
    if settings.MEDIA_STORAGE != "s3":
        return {"status": "local"}
    try:
        default_storage.ping(timeout=settings.READINESS_TIMEOUT_SECONDS)
    except OSError as error:
        logger.warning("readiness: the media storage is unreachable: %s", error.__cause__ or error)
        return {"status": "error", "error": "The media storage is unreachable."}
    return {"status": "ok"}
