"""Images API: validate -> one service or selector call -> serialize (or stream the file)."""

from __future__ import annotations

from collections.abc import Mapping

from django.http import FileResponse, HttpResponseNotModified
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

from core.api.conditional import NOT_MODIFIED, ConditionalGetMixin, etag_matches
from core.api.downloads import FileDownloadView
from core.api.text import storable_text_pattern
from jobs.responses import job_accepted
from jobs.serializers import JobSerializer
from stories.selectors import get_story, get_story_to_change

from .models import StoryImage
from .selectors import get_image, images_etag, images_of
from .serializers import SceneImagesInput, StoryImageSerializer
from .services import start_scene_images

CACHE_SECONDS = 24 * 60 * 60
"""An image id always names the same bytes, so browsers may keep them a day and then revalidate."""


class SceneImagesView(APIView):
    throttle_scope = "images"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "scene_id",
                {
                    "type": "string",
                    "maxLength": SceneImagesInput().fields["scene_id"].max_length,
                    "pattern": storable_text_pattern(least_after_trim=1),
                },
                description="Illustrate only this scene.",
            )
        ],
        request=SceneImagesInput,
        responses={202: JobSerializer},
    )
    def post(self, request, pk):
        story = get_story_to_change(user=request.user, pk=pk)
        params = SceneImagesInput(data=_with_query_scene(request))
        params.is_valid(raise_exception=True)
        return job_accepted(start_scene_images(story=story, **params.validated_data))


class StoryImageListView(ConditionalGetMixin, APIView):
    etag_serializer = StoryImageSerializer

    def current_etag(self, request, *, salt, pk):
        return images_etag(user=request.user, pk=pk, salt=salt)

    @extend_schema(
        operation_id="stories_images_list",
        responses={200: StoryImageSerializer(many=True), 304: NOT_MODIFIED},
    )
    def get(self, request, pk):
        def images(etag: str):
            story = get_story(user=request.user, pk=pk)
            return StoryImageSerializer(images_of(story), many=True).data

        return self.conditional(request, images, pk=pk)


class ImageContentView(FileDownloadView):
    @extend_schema(
        responses={
            (200, "image/png"): OpenApiTypes.BINARY,
            (200, "image/webp"): OpenApiTypes.BINARY,
            304: OpenApiResponse(description="Not modified: If-None-Match matched the ETag."),
        }
    )
    def get(self, request, pk):
        image = get_image(user=request.user, pk=pk)
        etag = _etag(image)
        if etag_matches(request.headers.get("If-None-Match", ""), etag):
            response = HttpResponseNotModified()
        else:
            try:
                response = FileResponse(image.file.open("rb"), content_type=image.content_type)
            except FileNotFoundError:
                raise NotFound("The image's file is missing from storage.") from None
        response["ETag"] = etag
        response["Cache-Control"] = f"private, max-age={CACHE_SECONDS}"
        return response


def _with_query_scene(request):
    """The body, with `?scene_id=` filling in when the body names no scene."""
    if "scene_id" not in request.query_params or not isinstance(request.data, Mapping):
        return request.data
    return {"scene_id": request.query_params["scene_id"], **request.data}


def _etag(image: StoryImage) -> str:
    """Stored names are unique and never rewritten, so id and name identify the bytes."""
    return f'"{image.pk}-{image.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]}"'
