from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from jobs.responses import job_accepted
from jobs.serializers import JobSerializer
from stories import selectors

from .serializers import AdjustAudienceInputSerializer, RefineInputSerializer, RefinementSerializer
from .services.refine import start_audience_adjustment, start_scene_refinement, start_style_refinement


class RefineSceneView(APIView):
    throttle_scope = "refine"

    @extend_schema(request=RefineInputSerializer, responses={202: JobSerializer})
    def post(self, request, pk, scene_id):
        story = selectors.get_story_to_change(user=request.user, pk=pk)
        params = RefineInputSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        return job_accepted(
            start_scene_refinement(story=story, scene_id=scene_id, by=request.user, **params.validated_data)
        )


class RefineStyleView(APIView):
    throttle_scope = "refine"

    @extend_schema(request=RefineInputSerializer, responses={202: JobSerializer})
    def post(self, request, pk):
        story = selectors.get_story_to_change(user=request.user, pk=pk)
        params = RefineInputSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        return job_accepted(start_style_refinement(story=story, by=request.user, **params.validated_data))


class AdjustAudienceView(APIView):
    throttle_scope = "adjust"

    @extend_schema(request=AdjustAudienceInputSerializer, responses={202: JobSerializer})
    def post(self, request, pk):
        story = selectors.get_story_to_change(user=request.user, pk=pk)
        params = AdjustAudienceInputSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        return job_accepted(start_audience_adjustment(story=story, by=request.user, **params.validated_data))


class RefinementHistoryView(APIView):
    @extend_schema(responses=RefinementSerializer(many=True))
    def get(self, request, pk):
        story = selectors.get_story(user=request.user, pk=pk)
        return Response(
            RefinementSerializer(story.refinements.order_by("-created_at", "-id"), many=True).data
        )
