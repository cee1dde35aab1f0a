"""Export downloads: check ownership and options -> export_story -> the stored file."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

from core.api.downloads import FileDownloadView
from core.api.fields import MAX_OBJECT_ID
from stories.models import Story
from stories.selectors import get_story

from .models import ExportArtifact, ExportFormat
from .serializers import EpubExportInput, MarkdownExportInput, PdfExportInput
from .services import download_name, export_story
from .services.bilingual import BilingualBundleNotOffered, export_bilingual, the_other
from .services.bilingual_read_along import export_bilingual_read_along
from .services.read_along import export_read_along

WITH = OpenApiParameter(
    "with",
    {"type": "integer", "minimum": 1, "maximum": MAX_OBJECT_ID},
    description=(
        "A bilingual edition: this story beside its translation with this id (or beside the story "
        "it translates), scene by scene, each side in its own language and direction."
    ),
)
ERRORS = {
    401: OpenApiResponse(description="Not signed in."),
    404: OpenApiResponse(description="No such story among yours (or `with` names none of yours)."),
    409: OpenApiResponse(description="The story has no scenes yet."),
}


def download(*, story: Story, artifact: ExportArtifact) -> FileResponse:
    return FileResponse(
        artifact.file.open("rb"),
        as_attachment=True,
        filename=download_name(title=story.title, format=artifact.format),
        content_type=artifact.content_type,
    )


class ExportView(FileDownloadView):
    throttle_scope = "exports"
    export_format: str

    def export(
        self, story: Story, *, include_images: bool = True, format: str = "", other_id: int | None = None
    ) -> FileResponse:
        if other_id is not None:
            other = the_other(user=self.request.user, story=story, other_id=other_id)
            artifact = export_bilingual(
                story=story,
                other=other,
                format=format or self.export_format,
                include_images=include_images,
                base_url=settings.PUBLIC_BASE_URL or self.request.build_absolute_uri("/"),
            )
            return download(story=story, artifact=artifact)
        artifact = export_story(
            story=story,
            format=format or self.export_format,
            include_images=include_images,
            base_url=settings.PUBLIC_BASE_URL or self.request.build_absolute_uri("/"),
        )
        return download(story=story, artifact=artifact)


class PdfExportView(ExportView):
    export_format = ExportFormat.PDF

    @extend_schema(
        operation_id="stories_export_pdf",
        description="The story's current version as a print-ready PDF, rendered once per version.",
        parameters=[
            OpenApiParameter(
                "include_images",
                OpenApiTypes.BOOL,
                default=True,
                description="Embed the cover and scene illustrations; false embeds no image at all.",
            ),
            WITH,
        ],
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The story as a PDF."),
            400: OpenApiResponse(
                description="include_images is not true or false, or `with` names no translation of it."
            ),
            **ERRORS,
        },
    )
    def get(self, request, pk: int):
        story = get_story(user=request.user, pk=pk)
        options = PdfExportInput(data=request.query_params)
        options.is_valid(raise_exception=True)
        return self.export(
            story,
            include_images=options.validated_data["include_images"],
            other_id=options.validated_data.get("with"),
        )


class EpubExportView(ExportView):
    export_format = ExportFormat.EPUB

    @extend_schema(
        operation_id="stories_export_epub",
        description="The story's current version as an EPUB 3 book with its illustrations.",
        parameters=[OpenApiParameter("narration", OpenApiTypes.BOOL, default=False), WITH],
        responses={
            (200, "application/epub+zip"): OpenApiResponse(
                OpenApiTypes.BINARY, description="An EPUB 3 book."
            ),
            400: OpenApiResponse(
                description="narration is not true or false, or `with` names no translation of it."
            ),
            **ERRORS,
            409: OpenApiResponse(
                description="No scenes yet, or (narration=true) a scene's narration is missing or stale."
            ),
        },
    )
    def get(self, request, pk: int):
        story = get_story(user=request.user, pk=pk)
        options = EpubExportInput(data=request.query_params)
        options.is_valid(raise_exception=True)
        other_id = options.validated_data.get("with")
        if options.validated_data["narration"]:
            if other_id is not None:
                other = the_other(user=request.user, story=story, other_id=other_id)
                return download(story=story, artifact=export_bilingual_read_along(story=story, other=other))
            return download(story=story, artifact=export_read_along(story=story))
        return self.export(story, other_id=other_id)


class MarkdownExportView(ExportView):
    export_format = ExportFormat.MARKDOWN

    @extend_schema(
        operation_id="stories_export_markdown",
        description=(
            "The story's current version as Markdown; pictures link to their absolute API content "
            "URLs. With bundle=true, a zip of the Markdown and its pictures under relative links."
        ),
        parameters=[
            OpenApiParameter(
                "bundle",
                OpenApiTypes.BOOL,
                default=False,
                description="A zip of `<slug>.md` and its pictures, which opens in any Markdown viewer.",
            ),
            WITH,
        ],
        responses={
            (200, "text/markdown"): OpenApiResponse(OpenApiTypes.BINARY, description="UTF-8 Markdown."),
            (200, "application/zip"): OpenApiResponse(
                OpenApiTypes.BINARY, description="With bundle=true: the Markdown and its pictures."
            ),
            400: OpenApiResponse(
                description="bundle is not true or false, `with` names no translation of it, or both given."
            ),
            **ERRORS,
        },
    )
    def get(self, request, pk: int):
        story = get_story(user=request.user, pk=pk)
        options = MarkdownExportInput(data=request.query_params)
        options.is_valid(raise_exception=True)
        bundle, other_id = options.validated_data["bundle"], options.validated_data.get("with")
        if bundle and other_id is not None:
            raise BilingualBundleNotOffered()
        return self.export(
            story, format=ExportFormat.MARKDOWN_BUNDLE if bundle else ExportFormat.MARKDOWN, other_id=other_id
        )
