"""The docs pages (Swagger UI, ReDoc): HTML for a GET, JSON for every other answer.

drf-spectacular renders them with `TemplateHTMLRenderer` only, which has no template for an
OPTIONS answer (a 500) nor for an error; here anything but a GET or HEAD negotiates JSON.
"""

from __future__ import annotations

from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView
from rest_framework.renderers import JSONRenderer


class _HtmlForReadsOnly:
    def perform_content_negotiation(self, request, force=False):
        if request.method in {"GET", "HEAD"}:
            return super().perform_content_negotiation(request, force)
        renderer = JSONRenderer()
        return renderer, renderer.media_type


class SwaggerView(_HtmlForReadsOnly, SpectacularSwaggerView):
    pass


class RedocView(_HtmlForReadsOnly, SpectacularRedocView):
    pass
