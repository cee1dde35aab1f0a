"""`/`: where to go from here (the API docs, the schema, the admin, the health probe); the icon."""

from __future__ import annotations

from pathlib import Path

from django.http import FileResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
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


FAVICON = Path(__file__).resolve().parent / "static" / "genstory" / "favicon.ico"


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request):
    """Browsers ask every site for `/favicon.ico`, the admin's pages included."""
    return FileResponse(FAVICON.open("rb"), content_type="image/x-icon")
