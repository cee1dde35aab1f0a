from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from core.api.throttling import throttled_admin_login
from genstory import health, index

admin.site.login = throttled_admin_login(admin.site)

handler400 = "core.api.handlers.bad_request"
handler500 = "core.api.handlers.server_error"

urlpatterns = [
    path("", index.index, name="index"),
    path("favicon.ico", index.favicon, name="favicon"),
    re_path(r"^healthz/?$", health.healthz, name="healthz"),
    re_path(r"^readyz/?$", health.readyz, name="readyz"),
    # Jobs moved from the stories app to their own: editors' bookmarks of job pages still work.
    re_path(
        r"^admin/stories/job/(?P<rest>.*)$",
        RedirectView.as_view(url="/admin/jobs/job/%(rest)s", query_string=True),
    ),
    path("admin/", admin.site.urls),
    path("api/", include("genstory.api_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
