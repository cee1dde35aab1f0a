from django.http import JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from core.api import converters  # noqa: F401  (registers the <id:...> converter)
from core.api.auth import RegisterView, TokenView
from core.api.docs import RedocView, SwaggerView
from exports import urls as exports
from images import urls as images
from jobs.views import JobViewSet, job_events
from narration import urls as narration
from refinements import urls as refinements
from spend.views import UsageView
from stories import batch_api
from stories import views as stories

from .languages_api import LanguageListView

router = SimpleRouter()
router.register("characters", stories.CharacterViewSet, basename="character")
router.register("stories", stories.StoryViewSet, basename="story")
router.register("jobs", JobViewSet, basename="job")


@csrf_exempt
def api_not_found(request, unknown_path=""):
    """Unknown /api/ URLs are a JSON 404 for every method (CSRF would otherwise answer 403 HTML)."""
    return JsonResponse({"detail": "Not found."}, status=404)


story_routes = [
    path("content/", stories.StoryContentView.as_view(), name="story-content"),
    path("scenes/<str:scene_id>/", stories.SceneDetailView.as_view(), name="story-scene"),
    path("versions/", stories.VersionListView.as_view(), name="story-versions"),
    path("versions/<id:version>/", stories.VersionDetailView.as_view(), name="story-version"),
    path("versions/<id:version>/diff/", stories.VersionDiffView.as_view(), name="story-version-diff"),
    path("revert/<id:version>/", stories.RevertView.as_view(), name="story-revert"),
    *refinements.story_routes,
    *images.story_routes,
    *exports.story_routes,
    *narration.story_routes,
]

urlpatterns = [
    path("auth/register/", RegisterView.as_view(), name="auth-register"),
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    path("usage/", UsageView.as_view(), name="usage"),
    path("meta/audiences/", stories.AudienceListView.as_view(), name="meta-audiences"),
    path("meta/genres/", stories.GenreListView.as_view(), name="meta-genres"),
    path("meta/quality/", stories.QualityCheckListView.as_view(), name="meta-quality"),
    path("meta/languages/", LanguageListView.as_view(), name="meta-languages"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="schema"), name="docs"),
    path("redoc/", RedocView.as_view(url_name="schema"), name="redoc"),
    path("stories/batch-generate/", batch_api.BatchGenerateView.as_view(), name="story-batch-generate"),
    path("batches/<id:pk>/", batch_api.BatchDetailView.as_view(), name="batch-detail"),
    path("stories/<id:pk>/", include(story_routes)),
    path("jobs/<id:pk>/events/", job_events, name="job-events"),
    *images.urlpatterns,
    *exports.urlpatterns,
    *refinements.urlpatterns,
    *narration.urlpatterns,
    path("", include(router.urls)),
    re_path(r"^(?P<unknown_path>[\s\S]*)$", api_not_found),
]
