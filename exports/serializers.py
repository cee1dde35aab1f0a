from rest_framework import serializers

from core.api.strict import StrictInput


class PdfExportInput(StrictInput, serializers.Serializer):
    include_images = serializers.BooleanField(
        default=True,
        help_text="Embed the cover and scene illustrations. false embeds no image at all.",
        error_messages={"invalid": 'include_images must be "true" or "false".'},
    )


class EpubExportInput(StrictInput, serializers.Serializer):
    narration = serializers.BooleanField(
        default=False,
        help_text="A read-along book: Media Overlays play each scene's narration and highlight its words.",
        error_messages={"invalid": 'narration must be "true" or "false".'},
    )


class MarkdownExportInput(StrictInput, serializers.Serializer):
    bundle = serializers.BooleanField(
        default=False,
        help_text="A zip of the Markdown and its pictures, linked relatively, instead of the bare file.",
        error_messages={"invalid": 'bundle must be "true" or "false".'},
    )
