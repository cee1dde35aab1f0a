"""Stories API: validate -> one service or selector call -> serialize."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.conditional import NOT_MODIFIED, ConditionalGetMixin, cached_body
from core.api.converters import OBJECT_ID_PATTERN
from core.api.strict import refuse_any_body
from jobs.responses import job_accepted
from jobs.serializers import JobSerializer

from . import fingerprints, permissions, selectors
from .audiences import AUDIENCES, Genre
from .errors import NotYourCharacter, NotYourStory
from .quality import quality_checks
from .serializers import (
    AudienceSerializer,
    CharacterSerializer,
    GenreSerializer,
    QualityCheckInfoSerializer,
    SceneEditSerializer,
    SceneSerializer,
    StoryDetailSerializer,
    StoryFilterSerializer,
    StoryInputSerializer,
    StorySerializer,
    TranslateInputSerializer,
    VersionDetailSerializer,
    VersionDiffQuerySerializer,
    VersionDiffSerializer,
    VersionSerializer,
    VersionSnapshotSerializer,
)
from .services.characters import create_character, update_character
from .services.generation import start_generation
from .services.history import diff_versions, revert_to_version
from .services.scenes import edit_scene
from .services.stories import create_story, delete_character, delete_story, update_story
from .services.translation import start_translation


class OwnerWritesMixin:
    """Staff may read what a viewset serves; its update and delete are the owner's alone
    (`permissions.may_change`), refused with `not_yours` where the caller can see the object."""

    write_actions = frozenset({"update", "partial_update", "destroy"})
    not_yours: type[Exception]

    def get_object(self):
        thing = super().get_object()
        if self.action in self.write_actions and not permissions.may_change(self.request.user, thing):
            raise self.not_yours
        return thing


class CharacterViewSet(OwnerWritesMixin, viewsets.ModelViewSet):
    lookup_value_regex = OBJECT_ID_PATTERN
    serializer_class = CharacterSerializer
    not_yours = NotYourCharacter

    def get_queryset(self):
        return selectors.characters_for(self.request.user)

    def perform_create(self, serializer):
        serializer.instance = create_character(owner=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = update_character(character=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, instance):
        delete_character(character=instance)


STORY_FILTERS = [
    OpenApiParameter(
        "target_audience", str, enum=list(StoryFilterSerializer().fields["target_audience"].choices)
    ),
    OpenApiParameter("genre", str, enum=list(StoryFilterSerializer().fields["genre"].choices)),
    OpenApiParameter("status", str, enum=list(StoryFilterSerializer().fields["status"].choices)),
    OpenApiParameter("quality", str, enum=list(StoryFilterSerializer().fields["quality"].choices)),
]


@extend_schema_view(
    list=extend_schema(parameters=STORY_FILTERS, responses=StorySerializer),
    retrieve=extend_schema(responses={200: StoryDetailSerializer, 304: NOT_MODIFIED}),
    create=extend_schema(request=StoryInputSerializer, responses={201: StoryDetailSerializer}),
    update=extend_schema(request=StoryInputSerializer, responses=StoryDetailSerializer),
    partial_update=extend_schema(request=StoryInputSerializer, responses=StoryDetailSerializer),
)
class StoryViewSet(OwnerWritesMixin, ConditionalGetMixin, viewsets.ModelViewSet):
    lookup_value_regex = OBJECT_ID_PATTERN
    serializer_class = StoryDetailSerializer
    etag_serializer = StoryDetailSerializer
    not_yours = NotYourStory

    def etag_cache_keys(self, *, salt, pk=None):
        return fingerprints.story_detail_keys(pk=int(pk), salt=salt) if self.action == "retrieve" else []

    def current_etag(self, request, *, salt, pk):
        found = self.cached_lookup(request, fingerprints.story_detail_keys(pk=int(pk), salt=salt))
        return fingerprints.story_detail_etag(user=request.user, pk=int(pk), salt=salt, found=found)

    def retrieve(self, request, *args, pk=None, **kwargs):
        """Served from the shared cache under its ETag: a repeat read costs the tag's query."""

        def detail(etag: str):
            return cached_body(
                key=f"story-detail:{etag}", build=lambda: StoryDetailSerializer(self.get_object()).data
            )

        return self.conditional(request, detail, pk=pk)

    def get_queryset(self):
        if self.action == "list":
            return selectors.stories_for(self.request.user).defer("quality")  # the list shows no report
        return selectors.story_details_for(self.request.user)

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        filters = StoryFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return queryset.filter(**filters.validated_data)

    def get_serializer_class(self):
        return StorySerializer if self.action == "list" else StoryDetailSerializer

    def perform_destroy(self, instance):
        delete_story(story=instance)

    def _detail(self, story, status_code=status.HTTP_200_OK) -> Response:
        story = selectors.get_story(user=self.request.user, pk=story.pk, detail=True)
        return Response(StoryDetailSerializer(story).data, status=status_code)

    def create(self, request, *args, **kwargs):
        brief = StoryInputSerializer(data=request.data)
        brief.is_valid(raise_exception=True)
        story = create_story(owner=request.user, **brief.validated_data)
        return self._detail(story, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        story = self.get_object()
        partial = kwargs.get("partial", False)
        brief = StoryInputSerializer(data=request.data, partial=partial)
        brief.is_valid(raise_exception=True)
        changes = {field: value for field, value in brief.validated_data.items() if field in request.data}
        cast = brief.validated_data.get("cast")
        changes.pop("cast", None)
        story = update_story(story=story, by=request.user, cast=cast, **changes)
        return self._detail(story)


class StoryContentView(APIView):
    throttle_scope = "generate"

    @extend_schema(request=None, responses={202: JobSerializer})
    def post(self, request, pk):
        story = selectors.get_story_to_change(user=request.user, pk=pk)
        refuse_any_body(request)
        return job_accepted(start_generation(story=story))


class StoryTranslateView(APIView):
    throttle_scope = "generate"

    @extend_schema(request=TranslateInputSerializer, responses={202: JobSerializer})
    def post(self, request, pk):
        story = selectors.get_story_to_change(user=request.user, pk=pk)
        body = TranslateInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return job_accepted(start_translation(story=story, **body.validated_data))


class SceneDetailView(ConditionalGetMixin, APIView):
    etag_serializer = SceneSerializer

    def etag_cache_keys(self, *, salt, pk, scene_id):
        return fingerprints.scene_keys(pk=int(pk), scene_id=scene_id, salt=salt)

    def current_etag(self, request, *, salt, pk, scene_id):
        found = self.cached_lookup(request, fingerprints.scene_keys(pk=int(pk), scene_id=scene_id, salt=salt))
        return fingerprints.scene_etag(
            user=request.user, pk=int(pk), scene_id=scene_id, salt=salt, found=found
        )

    @extend_schema(responses={200: SceneSerializer, 304: NOT_MODIFIED})
    def get(self, request, pk, scene_id):
        def scene(etag: str):
            story = selectors.get_story(user=request.user, pk=pk)
            return SceneSerializer(selectors.get_scene(story=story, scene_id=scene_id)).data

        return self.conditional(request, scene, pk=pk, scene_id=scene_id)

    @extend_schema(request=SceneEditSerializer, responses=SceneSerializer)
    def patch(self, request, pk, scene_id):
        story = selectors.get_story_to_change(user=request.user, pk=pk)
        selectors.get_scene(story=story, scene_id=scene_id)
        edit = SceneEditSerializer(data=request.data)
        edit.is_valid(raise_exception=True)
        scene = edit_scene(story=story, scene_id=scene_id, by=request.user, **edit.validated_data)
        return Response(SceneSerializer(scene).data)


class VersionListView(ConditionalGetMixin, APIView):
    etag_serializer = VersionSerializer

    def current_etag(self, request, *, salt, pk):
        return fingerprints.versions_etag(user=request.user, pk=pk, salt=salt)

    @extend_schema(
        operation_id="stories_versions_list",
        responses={200: VersionSerializer(many=True), 304: NOT_MODIFIED},
    )
    def get(self, request, pk):
        def versions(etag: str):
            story = selectors.get_story(user=request.user, pk=pk)
            return VersionSerializer(selectors.versions_of(story).defer("snapshot"), many=True).data

        return self.conditional(request, versions, pk=pk)


class VersionDetailView(APIView):
    @extend_schema(responses=VersionSnapshotSerializer)
    def get(self, request, pk, version):
        story = selectors.get_story(user=request.user, pk=pk)
        return Response(VersionDetailSerializer(selectors.get_version(story=story, version=version)).data)


class VersionDiffView(APIView):
    @extend_schema(parameters=[VersionDiffQuerySerializer], responses=VersionDiffSerializer)
    def get(self, request, pk, version):
        story = selectors.get_story(user=request.user, pk=pk)
        query = VersionDiffQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        newer = selectors.get_version(story=story, version=version)
        against = query.validated_data.get("against", max(version - 1, 0))
        older = (
            selectors.get_version(story=story, version=against) if against else selectors.empty_version(story)
        )
        body = {
            "version": newer.version,
            "against": against,
            "scenes": diff_versions(older=older, newer=newer),
        }
        return Response(VersionDiffSerializer(body).data)


class RevertView(APIView):
    @extend_schema(request=None, responses=StoryDetailSerializer)
    def post(self, request, pk, version):
        story = selectors.get_story_to_revert(user=request.user, pk=pk)
        refuse_any_body(request)
        revert_to_version(story=story, version=version, by=request.user)
        return Response(
            StoryDetailSerializer(selectors.get_story(user=request.user, pk=pk, detail=True)).data
        )


class AudienceListView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses=AudienceSerializer(many=True))
    def get(self, request):
        return Response(AudienceSerializer(AUDIENCES.values(), many=True).data)


class GenreListView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses=GenreSerializer(many=True))
    def get(self, request):
        genres = [{"id": value, "label": label} for value, label in Genre.choices]
        return Response(GenreSerializer(genres, many=True).data)


class QualityCheckListView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses=QualityCheckInfoSerializer(many=True))
    def get(self, request):
        return Response(QualityCheckInfoSerializer(quality_checks(), many=True).data)
