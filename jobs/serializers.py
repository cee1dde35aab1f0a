"""A job as the API shows it (every app's 202 answers with it), and the job list's filters."""

from __future__ import annotations

from rest_framework import serializers

from core.api.fields import EnumChoiceField, ObjectIdField
from core.api.strict import StrictInput
from jobs.models import Job, JobStatus


class ProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField(source="progress_done")
    total = serializers.IntegerField(source="progress_total")


class UsageSerializer(serializers.Serializer):
    prompt_tokens = serializers.IntegerField()
    completion_tokens = serializers.IntegerField()
    images = serializers.IntegerField()
    estimated_cost_usd = serializers.FloatField()


class JobSerializer(serializers.ModelSerializer):
    progress = ProgressSerializer(source="*")
    usage = UsageSerializer(source="*")
    story_id = serializers.IntegerField(allow_null=True)
    result = serializers.JSONField(allow_null=True)
    duration_seconds = serializers.FloatField(allow_null=True)

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "status",
            "progress",
            "story_id",
            "result",
            "error",
            "usage",
            "provider",
            "attempts",
            "created_at",
            "started_at",
            "finished_at",
            "duration_seconds",
        ]
        read_only_fields = fields


class JobFilterSerializer(StrictInput, serializers.Serializer):
    story = ObjectIdField(required=False, source="story_id")
    status = EnumChoiceField(JobStatus.choices, required=False)
