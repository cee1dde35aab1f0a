"""Narration API: validate -> one service or selector call -> serialize (or stream the audio)."""

from __future__ import annotations

from django.http import FileResponse, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.downloads import FileDownloadView
from core.files import read_range
from jobs.responses import job_accepted
from jobs.serializers import JobSerializer
from stories.selectors import get_story, get_story_to_change

from .models import SceneNarration
from .ranges import Unsatisfiable, byte_range
from .selectors import get_narration, narrations_of
from .serializers import NarrateInput, SceneNarrationSerializer, TimingsSerializer, VoiceSerializer
from .services import start_narration, voices

CACHE_SECONDS = 24 * 60 * 60
"""A narration's stored name changes with every new reading, so its bytes may be kept a day."""
NOT_YOURS = OpenApiResponse(description="No such narration among your stories.")


class NarrateView(APIView):
    throttle_scope = "narrate"

    @extend_schema(
        request=NarrateInput,
        responses={
            202: JobSerializer,
            400: OpenApiResponse(
                description="A voice that does not read the story's language, or a speed outside 0.5-2.0."
            ),
            404: OpenApiResponse(description="No such story among yours, or no such scene."),
            409: OpenApiResponse(description="The story has no scenes, or a job is already active on it."),
            429: OpenApiResponse(description="Throttled, or today's budget is spent."),
        },
    )
    def post(self, request, pk):
        story = get_story_to_change(user=request.user, pk=pk)
        params = NarrateInput(data=request.data)
        params.is_valid(raise_exception=True)
        return job_accepted(start_narration(story=story, **params.validated_data))


class StoryNarrationListView(APIView):
    @extend_schema(operation_id="stories_narration_list", responses=SceneNarrationSerializer(many=True))
    def get(self, request, pk):
        story = get_story(user=request.user, pk=pk)
        return Response(SceneNarrationSerializer(narrations_of(story), many=True).data)


class NarrationTimingsView(APIView):
    @extend_schema(responses={200: TimingsSerializer, 404: NOT_YOURS})
    def get(self, request, pk):
        narration = get_narration(user=request.user, pk=pk)
        return Response(TimingsSerializer({"words": narration.words}).data)


class NarrationContentView(FileDownloadView):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "Range", str, OpenApiParameter.HEADER, description="bytes=FIRST-LAST, one range."
            )
        ],
        responses={
            (200, "audio/mpeg"): OpenApiTypes.BINARY,
            (200, "audio/wav"): OpenApiTypes.BINARY,
            (206, "audio/mpeg"): OpenApiResponse(OpenApiTypes.BINARY, description="The range asked for."),
            404: NOT_YOURS,
            416: OpenApiResponse(description="The range starts past the end of the audio."),
        },
    )
    def get(self, request, pk):
        narration = get_narration(user=request.user, pk=pk)
        try:
            size = narration.file.size
            if_range = request.headers.get("If-Range")
            honoured = not if_range or if_range == _etag(narration)
            span = byte_range(request.headers.get("Range", ""), size) if honoured else None
            response = _full(narration) if span is None else _partial(narration, span, size)
        except Unsatisfiable:
            response = Response(
                {"detail": f"The range is outside the audio, which has {size} bytes."},
                status=416,
                headers={"Content-Range": f"bytes */{size}"},
            )
        except FileNotFoundError:
            raise NotFound("The narration's audio is missing from storage.") from None
        response["Accept-Ranges"] = "bytes"
        response["ETag"] = _etag(narration)
        response["Cache-Control"] = f"private, max-age={CACHE_SECONDS}"
        return response


class VoiceListView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses=VoiceSerializer(many=True))
    def get(self, request):
        return Response(VoiceSerializer(voices(), many=True).data)


def _full(narration: SceneNarration) -> FileResponse:
    return FileResponse(narration.file.open("rb"), content_type=narration.content_type)


def _partial(narration: SceneNarration, span: tuple[int, int], size: int) -> HttpResponse:
    first, last = span
    data = read_range(narration.file, first, last)
    response = HttpResponse(data, status=206, content_type=narration.content_type)
    response["Content-Range"] = f"bytes {first}-{last}/{size}"
    return response


def _etag(narration: SceneNarration) -> str:
    """Stored names are unique and never rewritten, so id and name identify the bytes."""
    return f'"n{narration.pk}-{narration.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]}"'
