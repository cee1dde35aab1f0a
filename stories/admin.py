"""Editors' admin: stories with editable scenes (each edit a version), history, diff and revert."""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from core.admin import ReadOnlyAdminMixin, SuperuserDeletesRecordsMixin
from core.errors import DomainError
from jobs.models import ACTIVE_JOB_STATUSES, Job

from .admin_quality import QualityFilter, quality_report_html
from .admin_versions import StoryVersionAdmin, describe_version
from .errors import StoryBusy
from .models import Batch, Character, Scene, Story, StoryCharacter, StoryVersion
from .permissions import may_change
from .pictures import scene_picture_id
from .selectors import with_estimated_cost
from .services.scenes import edit_scenes, normalize_newlines
from .services.stories import delete_story

__all__ = ["StoryVersionAdmin"]


class StoryCharacterInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The cast is changed through the API, whose service checks ownership and moderates."""

    model = StoryCharacter
    extra = 0
    fields = ["character", "role", "position"]
    readonly_fields = fields


class LineEndingsField(forms.CharField):
    """A textarea's text with LF line ends. Browsers send CRLF; stored text has LF, so a page
    saved untouched has no changed scene (no version, no 'Changed content' in its history)."""

    def to_python(self, value):
        return normalize_newlines(super().to_python(value))


class SceneInline(admin.StackedInline):
    """Title and text are editable by the story's owner (`stories.permissions.may_change`, the
    API's rule: staff read other users' stories, they do not rewrite them); saving goes
    through `edit_scene`, which writes a version."""

    model = Scene
    extra = 0
    formfield_overrides = {models.TextField: {"form_class": LineEndingsField}}
    fields = [
        "scene_number",
        "scene_id",
        "type",
        "title",
        "content",
        "word_count",
        "reading_grade",
        "illustration",
        "narration_player",
    ]
    readonly_fields = [
        "scene_number",
        "scene_id",
        "type",
        "word_count",
        "reading_grade",
        "illustration",
        "narration_player",
    ]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or may_change(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("images").select_related("narration")

    @admin.display(description="Illustration")
    def illustration(self, scene: Scene) -> str:
        image_id = scene_picture_id(scene)
        if image_id is None:
            return "-"
        url = reverse("image-content", kwargs={"pk": image_id})
        return format_html('<img src="{}" alt="" style="max-height:120px;border-radius:4px">', url)

    @admin.display(description="Narration")
    def narration_player(self, scene: Scene) -> str:
        """The narration app's reverse relation; stale readings say so."""
        narration = getattr(scene, "narration", None)
        if narration is None:
            return "-"
        url = reverse("narration-content", kwargs={"pk": narration.pk})
        stale = " (stale: the text changed since)" if narration.stale else ""
        return format_html('<audio controls preload="none" src="{}"></audio>{}', url, stale)


class VersionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = StoryVersion
    extra = 0
    fields = ["version", "what_changed", "created_by", "created_at"]
    readonly_fields = fields
    show_change_link = True

    @admin.display(description="What changed")
    def what_changed(self, version: StoryVersion) -> str:
        return describe_version(version)


def jobs_in_the_way(stories) -> list[str]:
    """The queued or running jobs that keep `stories` from being deleted, as the delete page lists
    what it may not delete (the API answers 409 for the same reason)."""
    jobs = Job.objects.filter(story__in=stories, status__in=ACTIVE_JOB_STATUSES).select_related("story")
    return [
        f"Job {job.pk} ({job.kind}, {job.status}) on “{job.story}”: delete the story once it has finished"
        for job in jobs.order_by("pk")
    ]


@admin.register(Story)
class StoryAdmin(SuperuserDeletesRecordsMixin, admin.ModelAdmin):
    list_display = [
        "id",
        "title",
        "owner",
        "target_audience",
        "genre",
        "language",
        "status",
        "version",
        "quality_passed_icon",
        "estimated_cost",
        "updated_at",
    ]
    list_filter = ["status", QualityFilter, "target_audience", "genre", "language"]
    search_fields = ["title", "description", "owner__username"]
    list_select_related = ["owner"]
    readonly_fields = [
        "owner",
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
        "lessons_list",
        "quality_report",
        "translation_links",
        "estimated_cost",
        "batch_key",
        "created_at",
        "updated_at",
    ]
    exclude = ["lessons", "quality", "quality_passed", "translated_from", "translated_from_version"]
    """Shown read-only as `lessons_list`; lessons change only with a version (generation, revert)."""
    inlines = [StoryCharacterInline, SceneInline, VersionInline]

    def get_queryset(self, request):
        return with_estimated_cost(super().get_queryset(request))

    @admin.display(description="Translations")
    def translation_links(self, story: Story):
        """The original this story translates, and its translations, each linked to its page."""

        def link(other: Story, label: str) -> tuple[str, str]:
            return reverse("admin:stories_story_change", args=[other.pk]), label

        rows = []
        if story.translated_from is not None:
            behind = " (the original moved on since)" if story.is_behind else ""
            rows.append(
                link(
                    story.translated_from,
                    f"Translated from #{story.translated_from_id}, version "
                    f"{story.translated_from_version}{behind}",
                )
            )
        for translation in story.translations.order_by("pk"):
            behind = " (behind)" if translation.translated_from_version != story.version else ""
            rows.append(
                link(
                    translation,
                    f"#{translation.pk} in {translation.language}, from version "
                    f"{translation.translated_from_version}{behind}",
                )
            )
        if not rows:
            return "-"
        return format_html("<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}</a></li>', rows))

    @admin.display(description="Lessons")
    def lessons_list(self, story: Story):
        lessons = [str(lesson) for lesson in story.lessons or [] if str(lesson).strip()]
        if not lessons:
            return "-"
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((lesson,) for lesson in lessons))
        )

    @admin.display(description="Quality", boolean=True, ordering="quality_passed")
    def quality_passed_icon(self, story: Story) -> bool | None:
        return story.quality_passed

    @admin.display(description="Quality")
    def quality_report(self, story: Story):
        return quality_report_html(story)

    @admin.display(description="Estimated cost (USD)", ordering="estimated_cost_usd")
    def estimated_cost(self, story: Story) -> str:
        return f"${story.estimated_cost_usd:.4f}"

    def has_add_permission(self, request):
        """Stories are created through the API, whose services check the brief."""
        return False

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, perms_needed, [*protected, *jobs_in_the_way(objs)]

    def delete_model(self, request, obj):
        delete_story(story=obj)

    def delete_queryset(self, request, queryset):
        for story in queryset:
            delete_story(story=story)

    def delete_view(self, request, object_id, extra_context=None):
        """A job that starts between the confirmation and the delete is refused as the API
        refuses it, not with a 500."""
        try:
            return super().delete_view(request, object_id, extra_context)
        except StoryBusy as error:
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.path)

    def response_action(self, request, queryset):
        try:
            return super().response_action(request, queryset)
        except StoryBusy as error:
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Not wrapped in one transaction, unlike the stock admin: the brief is read-only here
        and scene edits go through `edit_scenes`, which moderates the text (a network call)
        before it opens its own short, row-locked transaction."""
        return self._changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        """Every field of the story itself is read-only here; there is nothing to save."""

    def save_formset(self, request, form, formset, change):
        if formset.model is not Scene:
            return super().save_formset(request, form, formset, change)
        edits = {scene.scene_id: (scene.title, scene.content) for scene in formset.save(commit=False)}
        if not edits:
            return None
        try:
            version = edit_scenes(story=form.instance, edits=edits, by=request.user)
        except DomainError as error:
            self.message_user(request, f"The scene edits were not saved: {error.message}", messages.ERROR)
            return None
        if version is None:
            self.message_user(
                request, "The scenes read the same as before: no version was made.", messages.INFO
            )
        return None


@admin.register(Character)
class CharacterAdmin(admin.ModelAdmin):
    """Read by staff; changed only by the character's owner, as through the API (a superuser
    may still delete one, with its user: the admin's deletions are a superuser's)."""

    list_display = ["id", "name", "owner", "created_at"]
    search_fields = ["name", "owner__username"]
    list_select_related = ["owner"]
    readonly_fields = ["owner"]

    def has_add_permission(self, request):
        """Characters are made through the API, whose services moderate them."""
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or may_change(request.user, obj))


@admin.register(Job)
class JobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "id",
        "kind",
        "status",
        "story",
        "owner",
        "attempts",
        "estimated_cost_usd",
        "batch",
        "created_at",
        "finished_at",
    ]
    list_filter = ["kind", "status"]
    list_select_related = ["story", "owner"]
    search_fields = ["story__title", "owner__username", "error"]
    date_hierarchy = "created_at"
    fields = [
        "kind",
        "status",
        "error",
        "story",
        "owner",
        "batch",
        "progress",
        "outcome",
        "provider",
        "prompt_tokens",
        "completion_tokens",
        "images",
        "estimated_cost_usd",
        "attempts",
        "created_at",
        "started_at",
        "finished_at",
        "params",
        "raw_result",
    ]
    readonly_fields = fields

    @admin.display(description="Progress")
    def progress(self, job: Job) -> str:
        return f"{job.progress_done} of {job.progress_total}"

    @admin.display(description="Outcome")
    def outcome(self, job: Job) -> str:
        """What the job left behind, in a line: the version it made, with a link to read it."""
        result = job.result if isinstance(job.result, dict) else {}
        version = result.get("version")
        if job.story_id is None or not isinstance(version, int):
            return "-"
        made = StoryVersion.objects.filter(story_id=job.story_id, version=version).first()
        changes = [str(change) for change in result.get("changes_made") or []][:5]
        told = f"; {'; '.join(changes)}" if changes else ""
        if made is None:
            return f"Version {version}{told}"
        url = reverse("admin:stories_storyversion_change", args=[made.pk])
        return format_html('<a href="{}">Version {}: {}</a>{}', url, version, describe_version(made), told)

    @admin.display(description="Result (JSON)")
    def raw_result(self, job: Job) -> str:
        if job.result is None:
            return "-"
        return format_html(
            '<details><summary>Show the whole result</summary><pre style="white-space:pre-wrap">{}</pre>'
            "</details>",
            json.dumps(job.result, indent=2, ensure_ascii=False),
        )


@admin.register(Batch)
class BatchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "owner", "source", "job_count", "created_at"]
    list_select_related = ["owner"]
    search_fields = ["owner__username", "source"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(job_total=Count("jobs"))

    @admin.display(description="Jobs", ordering="job_total")
    def job_count(self, batch: Batch) -> int:
        return batch.job_total
