"""Input validation and output shape of the narration endpoints."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import EnumChoiceField, TextField
from core.api.strict import StrictInput

from .models import SceneNarration
from .services import voices


class NarrateInput(StrictInput, serializers.Serializer):
    speed = serializers.FloatField(
        min_value=0.5, max_value=2.0, required=False, default=1.0, help_text="1.0 is the voice's own pace."
    )
    scene_id = TextField(max_length=20, required=False, help_text="Read only this scene.")

    def get_fields(self):
        """`voice` is one of the voices the narrating provider offers now, so the schema can
        list them and an unknown one is refused naming them. Whether it reads the story's
        language is the service's rule (a 400 naming the voices that do)."""
        fields = super().get_fields()
        fields["voice"] = EnumChoiceField(
            [voice.id for voice in voices()],
            required=False,
            help_text="A voice id from GET /api/meta/voices/ that reads the story's language "
            "(GET /api/meta/languages/ lists them); default: the language's first.",
        )
        return fields


class VoiceSerializer(serializers.Serializer):
    id = TextField()
    label = TextField()
    provider = TextField()
    language = TextField(allow_null=True, help_text="The story language it reads; null: every language.")


class SceneNarrationSerializer(serializers.ModelSerializer):
    scene_id = TextField(source="scene.scene_id", read_only=True)
    stale = serializers.BooleanField(read_only=True, help_text="The scene's text changed since it was read.")
    content_url = serializers.SerializerMethodField()
    timings_url = serializers.SerializerMethodField()

    class Meta:
        model = SceneNarration
        fields = [
            "id",
            "scene_id",
            "voice",
            "speed",
            "duration_ms",
            "stale",
            "content_type",
            "content_url",
            "timings_url",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_content_url(self, narration: SceneNarration) -> str:
        return reverse("narration-content", kwargs={"pk": narration.pk})

    @extend_schema_field(OpenApiTypes.STR)
    def get_timings_url(self, narration: SceneNarration) -> str:
        return reverse("narration-timings", kwargs={"pk": narration.pk})


class WordTimingSerializer(serializers.Serializer):
    word = TextField()
    start_ms = serializers.IntegerField()
    end_ms = serializers.IntegerField()
    char_start = serializers.IntegerField(help_text="Index into the scene's content where the word starts.")
    char_end = serializers.IntegerField(help_text="Index just past the word's last character.")


class TimingsSerializer(serializers.Serializer):
    words = WordTimingSerializer(many=True)
