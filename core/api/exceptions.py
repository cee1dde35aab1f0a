"""One exception handler: domain errors become the contract's status codes and messages."""

from __future__ import annotations

import logging

from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler

from core.errors import DomainError

from .parsers import RequestTooLarge

logger = logging.getLogger("genstory.api")

UNAVAILABLE_RETRY_AFTER = 30
"""Seconds a client is asked to wait after a 503 that gave no better hint."""


def api_exception_handler(exc, context):
    """Errors are JSON whatever renderer the view has and whatever `Accept` asks (the docs
    pages render HTML, the schema YAML, the browsable API its page for successes only)."""
    response = _answer(exc, context)
    request = context.get("request")
    if response is not None and request is not None:
        request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
    return response


def _answer(exc, context):
    if isinstance(exc, DomainError):
        retry_after = getattr(exc, "retry_after", None)
        if exc.status_code == 503 and not retry_after:
            retry_after = UNAVAILABLE_RETRY_AFTER
        headers = {"Retry-After": str(retry_after)} if retry_after else None
        return Response({"detail": exc.message}, status=exc.status_code, headers=headers)
    if isinstance(exc, Http404):
        # Django's default message names the model; an unknown id just "does not exist".
        exc = exceptions.NotFound()
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    if isinstance(exc, (OperationalError, InterfaceError)):
        logger.warning("database unavailable: %s", exc)
        return Response(
            {"detail": "The database is unavailable right now; please try again shortly."},
            status=503,
            headers={"Retry-After": str(UNAVAILABLE_RETRY_AFTER)},
        )
    return exception_handler(exc, context)
