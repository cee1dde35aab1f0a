from rest_framework import serializers


class PdfExportInput(serializers.Serializer):
    include_images = serializers.BooleanField(
        default=True,
        help_text="Embed the cover and scene illustrations. false embeds no image at all.",
        error_messages={"invalid": 'include_images must be "true" or "false".'},
    )
