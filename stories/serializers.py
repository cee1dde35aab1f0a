"""Input validation and output shape for characters, stories, scenes, versions and jobs."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import EnumChoiceField, LanguageField, ObjectIdField, TextField
from core.api.strict import StrictInput
from languages.catalogue import DEFAULT_LANGUAGE

from . import translation_links
from .audiences import DEFAULT_AUDIENCE, DEFAULT_GENRE, Audience, Genre
from .metrics import scene_readability
from .models import ChangeType, Character, Scene, Story, StoryStatus, StoryVersion
from .pictures import scene_picture_id
from .quality import CHECK_NAMES

MAX_STORY_DESCRIPTION = 5_000
MAX_CHARACTER_TEXT = 2_000
MAX_TRAIT = 50
MAX_TRAITS = 20
MAX_SCENE_CONTENT = 20_000
"""Text limits of API.md "Limits and hostile input"."""


class CharacterSerializer(StrictInput, serializers.ModelSerializer):
    name = TextField(min_length=1, max_length=100)
    description = TextField(max_length=MAX_CHARACTER_TEXT, required=False, allow_blank=True)
    traits = serializers.ListField(
        child=TextField(max_length=MAX_TRAIT), required=False, max_length=MAX_TRAITS
    )
    appearance = TextField(
        max_length=MAX_CHARACTER_TEXT,
        required=False,
        allow_blank=True,
        help_text="Visual description used in every illustration.",
    )

    class Meta:
        model = Character
        fields = ["id", "name", "description", "traits", "appearance", "created_at"]
        read_only_fields = ["id", "created_at"]


class StoryCharacterSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="character.id")
    name = TextField(source="character.name")
    role = TextField()
    description = TextField(source="character.description")
    traits = serializers.ListField(child=TextField(), source="character.traits")
    appearance = TextField(source="character.appearance")


class ReadabilitySerializer(serializers.Serializer):
    grade = serializers.FloatField(
        allow_null=True, help_text="The scene on `measure`'s scale; null where the language has none."
    )
    band = serializers.ListField(
        child=serializers.FloatField(),
        min_length=2,
        max_length=2,
        allow_null=True,
        help_text="The audience's band on `measure`'s scale; null where the language has none.",
    )
    fits_audience = serializers.BooleanField(allow_null=True)
    measure = serializers.CharField(
        allow_null=True, help_text="The formula (GET /api/meta/languages/); null: not measured."
    )


class SceneSerializer(serializers.ModelSerializer):
    image_id = serializers.SerializerMethodField()
    readability = serializers.SerializerMethodField()

    class Meta:
        model = Scene
        fields = [
            "scene_id",
            "scene_number",
            "type",
            "title",
            "content",
            "image_prompt",
            "image_id",
            "characters_present",
            "estimated_reading_time",
            "word_count",
            "readability",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_image_id(self, scene: Scene) -> int | None:
        """The scene's illustration, its own or shared by its original (`stories.pictures`)."""
        return scene_picture_id(scene)

    @extend_schema_field(ReadabilitySerializer)
    def get_readability(self, scene: Scene) -> dict:
        story = scene.story
        return scene_readability(
            scene.reading_grade, language=story.language, audience_id=story.target_audience
        )


class WrittenSceneSerializer(SceneSerializer):
    """A scene just written by a running job, before the commit that stores it (a live
    `scene` event): the story detail's fields, with no picture yet."""

    def get_image_id(self, scene: Scene) -> int | None:
        return None


class SceneEditSerializer(StrictInput, serializers.Serializer):
    title = TextField(min_length=1, max_length=100, required=False)
    content = TextField(min_length=10, max_length=MAX_SCENE_CONTENT, required=False)

    schema_rules = {"anyOf": [{"required": ["title"]}, {"required": ["content"]}]}

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError("Send a title, a content, or both.")
        return attrs


class TranslatedFromSerializer(serializers.Serializer):
    story_id = serializers.IntegerField()
    version = serializers.IntegerField(help_text="The original's version that was translated.")
    behind = serializers.BooleanField(help_text="The original moved on since this translation was made.")


class TranslationSerializer(serializers.Serializer):
    story_id = serializers.IntegerField()
    language = TextField()
    from_version = serializers.IntegerField(help_text="This story's version it was translated from.")
    behind = serializers.BooleanField(help_text="This story moved on since (a newer version exists).")


class StorySerializer(serializers.ModelSerializer):
    characters = StoryCharacterSerializer(source="story_characters", many=True, read_only=True)
    translated_from = serializers.SerializerMethodField()
    translations = serializers.SerializerMethodField()

    class Meta:
        model = Story
        fields = [
            "id",
            "title",
            "description",
            "target_audience",
            "genre",
            "language",
            "status",
            "version",
            "refinement_count",
            "total_word_count",
            "total_reading_time",
            "lessons",
            "characters",
            "created_at",
            "updated_at",
            "translated_from",
            "translations",
        ]
        read_only_fields = fields

    @extend_schema_field(TranslatedFromSerializer(allow_null=True))
    def get_translated_from(self, story: Story) -> dict | None:
        return translation_links.translated_from(story)

    @extend_schema_field(TranslationSerializer(many=True))
    def get_translations(self, story: Story) -> list[dict]:
        return translation_links.translations(story)


class QualityCheckSerializer(serializers.Serializer):
    name = serializers.ChoiceField(CHECK_NAMES)
    passed = serializers.BooleanField()
    value = serializers.FloatField(
        help_text="What was measured (the check's own unit; see /api/meta/quality/)."
    )
    limit = serializers.FloatField(help_text="The limit the value is held to.")
    detail = TextField(help_text="What missed, in words a person understands.")
    scene_ids = serializers.ListField(child=TextField(), help_text="The scenes at fault.")


class QualityReportSerializer(serializers.Serializer):
    """A story judged as a reader would, without any model (stories.quality)."""

    passed = serializers.BooleanField()
    checks = QualityCheckSerializer(many=True)


class QualityCheckInfoSerializer(serializers.Serializer):
    name = serializers.ChoiceField(CHECK_NAMES)
    description = TextField()
    limits = serializers.JSONField(help_text="The check's limits, per audience where they differ.")


class StoryDetailSerializer(StorySerializer):
    scenes = SceneSerializer(many=True, read_only=True)
    quality = serializers.SerializerMethodField()
    estimated_cost_usd = serializers.FloatField(
        read_only=True,
        help_text="What all of the story's jobs cost so far, estimated from their usage (USD).",
    )
    """Annotated by `selectors.story_details_for`; version snapshots are not annotated and so
    leave it out: a snapshot freezes content, and cost is not content."""

    class Meta(StorySerializer.Meta):
        fields = [*StorySerializer.Meta.fields, "scenes", "quality", "estimated_cost_usd"]
        read_only_fields = fields

    @extend_schema_field(QualityReportSerializer(allow_null=True))
    def get_quality(self, story: Story) -> dict | None:
        """The current version's report; null before the story has content."""
        return story.quality or None


class CharacterRoleSerializer(StrictInput, serializers.Serializer):
    id = ObjectIdField()
    role = TextField(max_length=50, allow_blank=True, required=False, default="")


class StoryInputSerializer(StrictInput, serializers.Serializer):
    """The brief: what a client may set on a story. Ownership of characters is a service rule."""

    title = TextField(max_length=100, allow_blank=True, required=False, default="")
    description = TextField(allow_blank=False, trim_whitespace=True, max_length=MAX_STORY_DESCRIPTION)
    character_ids = serializers.ListField(child=ObjectIdField(), required=False, max_length=20)
    characters = CharacterRoleSerializer(many=True, required=False, max_length=20)
    target_audience = EnumChoiceField(Audience.choices, required=False, default=DEFAULT_AUDIENCE)
    genre = EnumChoiceField(Genre.choices, required=False, default=DEFAULT_GENRE)
    language = LanguageField(required=False, default=DEFAULT_LANGUAGE)

    def validate(self, attrs):
        entries = attrs.pop("characters", [])
        if any("id" not in entry for entry in entries):
            # A partial update (PATCH) does not enforce nested required fields on its own.
            raise serializers.ValidationError({"characters": ["Each character needs an id."]})
        roles = {entry["id"]: entry.get("role", "") for entry in entries}
        ids = list(dict.fromkeys([*attrs.pop("character_ids", []), *roles]))
        if "character_ids" in self.initial_data or "characters" in self.initial_data:
            attrs["cast"] = [(character_id, roles.get(character_id, "")) for character_id in ids]
        return attrs


class TranslateInputSerializer(StrictInput, serializers.Serializer):
    language = LanguageField(help_text="The language to translate the story into (BCP 47 primary tag).")


class StoryFilterSerializer(StrictInput, serializers.Serializer):
    target_audience = EnumChoiceField(Audience.choices, required=False)
    genre = EnumChoiceField(Genre.choices, required=False)
    status = EnumChoiceField(StoryStatus.choices, required=False)
    language = LanguageField(required=False)
    quality = EnumChoiceField(
        [("passed", "passed"), ("failed", "failed")],
        required=False,
        help_text="Stories whose quality report passes, or misses a check (no content: neither).",
    )

    def validate(self, attrs):
        if "quality" in attrs:
            attrs["quality_passed"] = attrs.pop("quality") == "passed"
        return attrs


class VersionSerializer(serializers.ModelSerializer):
    created_by = TextField(source="created_by.username", default=None, allow_null=True)

    class Meta:
        model = StoryVersion
        fields = [
            "version",
            "change_type",
            "scene_id",
            "refinement_type",
            "reverted_to",
            "created_at",
            "created_by",
        ]
        read_only_fields = fields


class VersionDetailSerializer(VersionSerializer):
    """Version metadata plus the full snapshot (story fields and scenes) it froze."""

    story = serializers.JSONField(source="snapshot")

    class Meta(VersionSerializer.Meta):
        fields = [*VersionSerializer.Meta.fields, "story"]
        read_only_fields = fields

    def to_representation(self, version):
        """The snapshot read by the tolerant reader, whatever format it was written in."""
        from .services.versions import present_version

        data = super().to_representation(version)
        data.pop("story")
        return {**present_version(version), **data}


class VersionSnapshotSerializer(StoryDetailSerializer):
    """The documented shape of a version's detail (`VersionDetailSerializer` builds the body):
    the story's fields and scenes as that version froze them, with the version's own fields."""

    change_type = serializers.ChoiceField(ChangeType.choices)
    scene_id = TextField()
    refinement_type = TextField()
    created_by = TextField(allow_null=True)

    class Meta(StoryDetailSerializer.Meta):
        fields = [
            *StoryDetailSerializer.Meta.fields,
            "change_type",
            "scene_id",
            "refinement_type",
            "created_by",
        ]
        read_only_fields = fields

    def get_fields(self):
        """A story field added after a version was frozen is absent from its snapshot, so only
        the version's own fields and the scenes are documented as always present."""
        fields = super().get_fields()
        always = {"id", "version", "scenes", "change_type", "scene_id", "refinement_type", "created_at"}
        for name, field in fields.items():
            if name not in always:
                field.read_only, field.required = False, False
        return fields


class VersionDiffQuerySerializer(StrictInput, serializers.Serializer):
    against = serializers.IntegerField(
        required=False, min_value=0, help_text="The version to compare with (default: the previous one)."
    )


class SceneDiffSerializer(serializers.Serializer):
    scene_id = TextField()
    status = serializers.ChoiceField(["changed", "unchanged", "added", "removed"])
    diff = TextField(help_text="Unified diff of the scene's title and text.")


class VersionDiffSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    against = serializers.IntegerField()
    scenes = SceneDiffSerializer(many=True)


class AudienceSerializer(serializers.Serializer):
    id = TextField()
    label = TextField()
    max_word_count = serializers.IntegerField()
    vocabulary_level = TextField()
    sentence_length = TextField()
    themes = serializers.ListField(child=TextField())
    complexity = TextField()
    illustrations_per_scene = serializers.FloatField()
    grade_band = serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2)


class GenreSerializer(serializers.Serializer):
    id = TextField()
    label = TextField()
