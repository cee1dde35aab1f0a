"""`/`: where to go from here (the API docs, the schema, the admin, the health probe)."""

from __future__ import annotations

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET


def links() -> dict[str, str]:
    return {
        "docs": reverse("docs"),
        "redoc": reverse("redoc"),
        "schema": reverse("schema"),
        "admin": reverse("admin:index"),
        "health": reverse("healthz"),
    }


@require_GET
def index(request):
    """HTML for a browser (which asks for text/html by name), JSON for curl and API clients."""
    if "text/html" in request.headers.get("Accept", ""):
        return TemplateResponse(request, "genstory/index.html", {"links": links()})
    return JsonResponse({"name": "GenStory API", **links()})
