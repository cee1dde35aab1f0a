from django.http import HttpRequest


class ApiTrailingSlashMiddleware:
    """Serve every /api/ route with and without its trailing slash, without a redirect.

    Clients written against the original paths send none, and a redirect would turn their
    POSTs into GETs. URLs are declared once, with the slash; this adds it when missing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.path_info.startswith("/api/") and not request.path_info.endswith("/"):
            request.path_info += "/"
            request.path += "/"
        return self.get_response(request)
