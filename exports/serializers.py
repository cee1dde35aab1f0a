from rest_framework import serializers

from core.api.fields import ObjectIdField
from core.api.strict import StrictInput


class WithTranslation:
    """`with`: the id of a translation of the story (or of the story it translates), for a
    bilingual edition. A Python keyword, so the field is added by name."""

    def get_fields(self):
        fields = super().get_fields()
        fields["with"] = ObjectIdField(
            required=False,
            help_text="A bilingual edition: the story beside this translation of it (or its original).",
        )
        return fields


class PdfExportInput(WithTranslation, StrictInput, serializers.Serializer):
    include_images = serializers.BooleanField(
        default=True,
        help_text="Embed the cover and scene illustrations. false embeds no image at all.",
        error_messages={"invalid": 'include_images must be "true" or "false".'},
    )


class EpubExportInput(WithTranslation, StrictInput, serializers.Serializer):
    narration = serializers.BooleanField(
        default=False,
        help_text="A read-along book: Media Overlays play each scene's narration and highlight its words.",
        error_messages={"invalid": 'narration must be "true" or "false".'},
    )


class MarkdownExportInput(WithTranslation, StrictInput, serializers.Serializer):
    bundle = serializers.BooleanField(
        default=False,
        help_text="A zip of the Markdown and its pictures, linked relatively, instead of the bare file.",
        error_messages={"invalid": 'bundle must be "true" or "false".'},
    )
