"""GET /api/meta/languages/: what each language gets, composed from the rooms that know it."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ai.providers import story_provider, writes_language
from languages.catalogue import supported_languages
from narration.services import voices_for
from stories.metrics import readability_scale


class ReadabilityScaleSerializer(serializers.Serializer):
    measure = serializers.CharField(help_text="The formula scenes are measured with.")
    scale = serializers.CharField(help_text="What its numbers mean, and where the audience bands come from.")


class LanguageSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="BCP 47 primary tag.")
    name = serializers.CharField(help_text="English name (CLDR).")
    native_name = serializers.CharField(help_text="The language's name for itself (CLDR).")
    direction = serializers.ChoiceField(["ltr", "rtl"])
    readability = ReadabilityScaleSerializer(allow_null=True, help_text="Null: not measured.")
    voices = serializers.ListField(child=serializers.CharField(), help_text="Narration voices that read it.")
    writers = serializers.ListField(
        child=serializers.CharField(), help_text="The configured story providers that write it."
    )


def language_listing() -> list[dict]:
    writer = story_provider().name
    return [
        {
            "id": language.id,
            "name": language.name,
            "native_name": language.native_name,
            "direction": language.direction,
            "readability": readability_scale(language.id),
            "voices": voices_for(language.id),
            "writers": [writer] if writes_language(language.id) else [],
        }
        for language in supported_languages()
    ]


class LanguageListView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses=LanguageSerializer(many=True))
    def get(self, request):
        return Response(LanguageSerializer(language_listing(), many=True).data)
