"""Batch generation API: start a batch (202) and follow its progress."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.fields import ObjectIdField, TextField
from core.api.strict import StrictInput
from jobs.serializers import JobSerializer

from . import selectors
from .models import Batch
from .serializers import StoryInputSerializer
from .services.batches import BatchBrief, start_batch, start_batch_from_briefs

BATCH_STATUSES = ["queued", "running", "succeeded", "failed", "partially_failed"]


@extend_schema_field(StoryInputSerializer(many=True))
class BriefListField(serializers.ListField):
    """Each brief is validated by the same rules as `POST /api/stories/`."""

    child = serializers.DictField()

    def to_internal_value(self, data):
        items = super().to_internal_value(data)
        briefs, errors = [], {}
        for index, item in enumerate(items):
            brief = StoryInputSerializer(data=item)
            if brief.is_valid():
                briefs.append({"cast": [], **brief.validated_data})
            else:
                errors[index] = brief.errors
        if errors:
            raise serializers.ValidationError(errors)
        return briefs


class BatchGenerateInputSerializer(StrictInput, serializers.Serializer):
    story_ids = serializers.ListField(
        child=ObjectIdField(),
        required=False,
        min_length=1,
        help_text="Your stories to generate.",
    )
    briefs = BriefListField(required=False, min_length=1, help_text="New stories to create and generate.")

    @property
    def schema_rules(self) -> dict:
        """Either list, and no more stories than a batch may hold (services.batches)."""
        most = {"maxItems": settings.BATCH_MAX_SIZE}
        return {
            "oneOf": [{"required": ["story_ids"]}, {"required": ["briefs"]}],
            "properties": {"story_ids": most, "briefs": most},
        }

    def validate(self, attrs):
        if ("story_ids" in attrs) == ("briefs" in attrs):
            raise serializers.ValidationError("Send either story_ids or briefs.")
        return attrs


class BatchProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField()
    total = serializers.IntegerField()


class BatchCountsSerializer(serializers.Serializer):
    queued = serializers.IntegerField()
    running = serializers.IntegerField()
    succeeded = serializers.IntegerField()
    failed = serializers.IntegerField()


class SkippedStorySerializer(serializers.Serializer):
    story_id = serializers.IntegerField()
    reason = TextField()


class BatchSerializer(serializers.ModelSerializer):
    """A batch and its jobs; `progress` is the sum of its jobs' progress."""

    status = serializers.ChoiceField(BATCH_STATUSES, read_only=True)
    progress = BatchProgressSerializer(read_only=True)
    counts = BatchCountsSerializer(read_only=True)
    jobs = JobSerializer(many=True, read_only=True)
    skipped = SkippedStorySerializer(many=True, read_only=True)

    class Meta:
        model = Batch
        fields = ["id", "status", "progress", "counts", "jobs", "skipped", "source", "created_at"]
        read_only_fields = fields


def batch_accepted(batch: Batch, *, user) -> Response:
    """202 with the batch as it is now (in-process jobs may have finished) and where to poll it."""
    fresh = selectors.get_batch(user=user, pk=batch.pk)
    location = reverse("batch-detail", kwargs={"pk": batch.pk})
    return Response(
        BatchSerializer(fresh).data, status=status.HTTP_202_ACCEPTED, headers={"Location": location}
    )


class BatchGenerateView(APIView):
    throttle_scope = "batch"

    @extend_schema(request=BatchGenerateInputSerializer, responses={202: BatchSerializer})
    def post(self, request):
        params = BatchGenerateInputSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        if "story_ids" in params.validated_data:
            batch = start_batch(owner=request.user, story_ids=params.validated_data["story_ids"])
        else:
            briefs = [BatchBrief(**brief) for brief in params.validated_data["briefs"]]
            batch = start_batch_from_briefs(owner=request.user, briefs=briefs)
        return batch_accepted(batch, user=request.user)


class BatchDetailView(APIView):
    @extend_schema(responses=BatchSerializer)
    def get(self, request, pk):
        return Response(BatchSerializer(selectors.get_batch(user=request.user, pk=pk)).data)
