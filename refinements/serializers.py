from rest_framework import serializers

from core.api.fields import EnumChoiceField, TextField
from core.api.strict import StrictInput
from core.api.text import storable_text_pattern
from stories.audiences import Audience

from .models import Refinement, RefinementType, TargetLength

MAX_CUSTOM_INSTRUCTIONS = 500


class RefineInputSerializer(StrictInput, serializers.Serializer):
    refinement_type = EnumChoiceField(RefinementType.choices)
    custom_instructions = TextField(
        max_length=MAX_CUSTOM_INSTRUCTIONS, required=False, allow_blank=True, default=""
    )
    preserve_elements = serializers.ListField(
        child=TextField(max_length=200), required=False, default=list, max_length=10
    )
    target_length = EnumChoiceField(TargetLength.choices, required=False, default=TargetLength.SAME)

    schema_rules = {
        "anyOf": [
            {"properties": {"refinement_type": {"not": {"enum": [RefinementType.CUSTOM.value]}}}},
            {
                "required": ["custom_instructions"],
                "properties": {"custom_instructions": {"pattern": storable_text_pattern(least_after_trim=1)}},
            },
        ]
    }

    def validate(self, attrs):
        if attrs["refinement_type"] == RefinementType.CUSTOM and not attrs["custom_instructions"].strip():
            raise serializers.ValidationError(
                {"custom_instructions": ["Required when refinement_type is custom."]}
            )
        return attrs


class AdjustAudienceInputSerializer(StrictInput, serializers.Serializer):
    target_audience = EnumChoiceField(Audience.choices)
    maintain_plot = serializers.BooleanField(required=False, default=True)


class RefinementSerializer(serializers.ModelSerializer):
    scene_id = serializers.SerializerMethodField()
    before_content = TextField(read_only=True)
    after_content = TextField(read_only=True)

    class Meta:
        model = Refinement
        fields = [
            "id",
            "kind",
            "scene_id",
            "refinement_type",
            "custom_instructions",
            "preserve_elements",
            "target_length",
            "target_audience",
            "before_content",
            "after_content",
            "scene_changes",
            "from_version",
            "to_version",
            "created_at",
        ]
        read_only_fields = fields

    def get_scene_id(self, refinement: Refinement) -> str | None:
        return refinement.scene_id or None
