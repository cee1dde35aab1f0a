"""Input validation and output shape of the image endpoints."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import TextField
from core.api.strict import StrictInput

from .models import StoryImage


class SceneImagesInput(StrictInput, serializers.Serializer):
    scene_id = TextField(max_length=20, required=False, help_text="Illustrate only this scene.")
    cover = serializers.BooleanField(
        required=False, default=False, help_text="Make the story's cover instead."
    )

    schema_rules = {
        "anyOf": [{"properties": {"cover": {"not": {"enum": [True]}}}}, {"not": {"required": ["scene_id"]}}]
    }

    def validate(self, attrs):
        if attrs.get("cover") and attrs.get("scene_id"):
            raise serializers.ValidationError("Ask for one scene's picture or for the cover, not both.")
        return attrs


class StoryImageSerializer(serializers.ModelSerializer):
    scene_id = TextField(source="scene.scene_id", default=None, allow_null=True, read_only=True)
    content_url = serializers.SerializerMethodField()

    class Meta:
        model = StoryImage
        fields = ["id", "scene_id", "image_type", "prompt", "width", "height", "content_url", "created_at"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_content_url(self, image: StoryImage) -> str:
        return reverse("image-content", kwargs={"pk": image.pk})
