"""One exception handler: domain errors become the contract's status codes and messages."""

from __future__ import annotations

from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

from genstory.errors import DomainError


def api_exception_handler(exc, context):
    if isinstance(exc, DomainError):
        retry_after = getattr(exc, "retry_after", None)
        headers = {"Retry-After": str(retry_after)} if retry_after else None
        return Response({"detail": exc.message}, status=exc.status_code, headers=headers)
    if isinstance(exc, Http404):
        # Django's default message names the model; an unknown id just "does not exist".
        exc = exceptions.NotFound()
    return exception_handler(exc, context)
