"""Django's own error pages, answered as JSON on the API: the few refusals that happen before
any view runs (a Host header this server does not serve) and an unexpected error."""

from __future__ import annotations

from django.core.exceptions import DisallowedHost
from django.http import JsonResponse
from django.views import defaults

from .middleware import on_api


def bad_request(request, exception=None):
    if not on_api(request.path):
        return defaults.bad_request(request, exception)
    if isinstance(exception, DisallowedHost):
        return JsonResponse(
            {"detail": "The Host header names a host this server does not serve."}, status=400
        )
    return JsonResponse({"detail": "Bad request."}, status=400)


def server_error(request):
    if not on_api(request.path):
        return defaults.server_error(request)
    return JsonResponse({"detail": "Something went wrong on our side; it has been logged."}, status=500)
