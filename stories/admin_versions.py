"""The editors' review desk for versions: read a version, compare any two, revert after a confirmation.

Revert needs the `stories.revert_story` permission (superusers have every permission; the
"Editors" group made by migration 0006 holds it; a story's owner may revert it too, as through the API:
`stories.permissions.may_revert`) and goes through `revert_to_version`, the
service the API uses.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from core.admin import ReadOnlyAdminMixin
from core.errors import DomainError

from .admin_diff import (
    SceneText,
    StoryDiff,
    diff_story,
    lessons_from_snapshot,
    render_diff,
    scene_number_from_id,
    scenes_from_snapshot,
)
from .models import ChangeType, Story, StoryVersion
from .permissions import REVERT_PERMISSION, may_revert
from .services.history import revert_to_version

CURRENT = "current"
BRIEF_FIELDS = {
    "title": "Title",
    "target_audience": "Audience",
    "genre": "Genre",
    "description": "Description",
}
"""The story fields a revert restores besides scenes and lessons (`RESTORED_STORY_FIELDS`)."""


def brief_as_read(values: dict) -> dict[str, str]:
    """{label: value} for the brief's fields, with the audience's and genre's display names."""
    brief = {}
    for name, label in BRIEF_FIELDS.items():
        value = str(values.get(name) or "")
        brief[label] = str(dict(Story._meta.get_field(name).flatchoices).get(value, value))
    return brief


def current_brief(story: Story) -> dict[str, str]:
    return brief_as_read({name: getattr(story, name) for name in BRIEF_FIELDS})


def _restorable_content(snapshot: dict) -> tuple:
    scenes = tuple((scene.scene_id, scene.title, scene.content) for scene in scenes_from_snapshot(snapshot))
    return scenes, tuple(lessons_from_snapshot(snapshot)), snapshot.get("title")


def restored_version(version: StoryVersion) -> int | None:
    """The earlier version a revert brought back: the latest one whose text it repeats.

    Reverts record it (`reverted_to`); for those written before they did, it is read off the
    snapshots: when several earlier versions hold the same text, the latest is named.
    """
    if version.change_type != ChangeType.REVERT:
        return None
    if version.reverted_to is not None:
        return version.reverted_to
    wanted = _restorable_content(version.snapshot)
    earlier = StoryVersion.objects.filter(story_id=version.story_id, version__lt=version.version)
    for number, snapshot in earlier.order_by("-version").values_list("version", "snapshot").iterator():
        if _restorable_content(snapshot) == wanted:
            return number
    return None


def _scene_label(version: StoryVersion) -> str:
    if not version.scene_id:
        return ""
    titles = {scene.scene_id: scene for scene in scenes_from_snapshot(version.snapshot)}
    scene = titles.get(version.scene_id)
    number = scene.number if scene else scene_number_from_id(version.scene_id, default=0)
    return f"Scene {number}" + (f" · {scene.title}" if scene and scene.title else "")


def describe_version(version: StoryVersion) -> str:
    """What happened in the product's words: "Increase dialogue · Scene 2", "Reverted to version 2"."""
    if version.change_type == ChangeType.REVERT:
        source = restored_version(version)
        return f"Reverted to version {source}" if source else "Reverted to an earlier version"
    if version.change_type == ChangeType.GENERATION:
        what = "Story written"
    elif version.refinement_type:
        what = version.refinement_type.replace("_", " ").capitalize()
    else:
        what = version.get_change_type_display()
    scene = _scene_label(version)
    return f"{what} · {scene}" if scene else what


def current_side(story: Story) -> tuple[list[SceneText], list[str]]:
    """The story's live scenes and lessons, read from the rows rather than from a snapshot."""
    scenes = [
        SceneText(
            scene_id=scene.scene_id, number=scene.scene_number, title=scene.title, content=scene.content
        )
        for scene in story.scenes.order_by("scene_number")
    ]
    return scenes, [str(lesson) for lesson in story.lessons or [] if str(lesson).strip()]


def compare(*, version: StoryVersion, against: StoryVersion | None) -> StoryDiff:
    """The older side on the left; `against=None` means the story's current text."""
    mine = (scenes_from_snapshot(version.snapshot), lessons_from_snapshot(version.snapshot))
    if against is None:
        story = version.story
        theirs = current_side(story)
        return diff_story(
            before=mine[0],
            after=theirs[0],
            lessons_before=mine[1],
            lessons_after=theirs[1],
            brief_before=brief_as_read(version.snapshot),
            brief_after=current_brief(story),
            before_label=f"version {version.version}",
            after_label=f"the current text (version {story.version})",
        )
    older, newer = sorted([version, against], key=lambda each: each.version)
    return diff_story(
        before=scenes_from_snapshot(older.snapshot),
        after=scenes_from_snapshot(newer.snapshot),
        lessons_before=lessons_from_snapshot(older.snapshot),
        lessons_after=lessons_from_snapshot(newer.snapshot),
        brief_before=brief_as_read(older.snapshot),
        brief_after=brief_as_read(newer.snapshot),
        before_label=f"version {older.version}",
        after_label=f"version {newer.version}",
    )


def revert_preview(version: StoryVersion) -> StoryDiff:
    """What a revert to `version` would change: from the current text to that version's."""
    story = version.story
    scenes, lessons = current_side(story)
    return diff_story(
        before=scenes,
        after=scenes_from_snapshot(version.snapshot),
        lessons_before=lessons,
        lessons_after=lessons_from_snapshot(version.snapshot),
        brief_before=current_brief(story),
        brief_after=brief_as_read(version.snapshot),
        before_label=f"the current text (version {story.version})",
        after_label=f"version {version.version}",
    )


@admin.register(StoryVersion)
class StoryVersionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["story", "version", "what_changed", "created_by", "created_at"]
    list_filter = ["change_type", ("created_by", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["story", "created_by"]
    search_fields = ["story__title", "story__owner__username", "created_by__username"]
    ordering = ["-created_at", "-version"]
    date_hierarchy = "created_at"
    fields = ["story", "version", "what_changed", "created_by", "created_at"]
    readonly_fields = fields
    actions = ["revert_selected"]
    change_form_template = "admin/stories/storyversion/change_form.html"

    @admin.display(description="What changed")
    def what_changed(self, version: StoryVersion) -> str:
        return describe_version(version)

    def lookup_allowed(self, lookup, value, request=None):
        """One story's versions, as the story page's "Versions" link asks for them."""
        return lookup == "story__id__exact" or super().lookup_allowed(lookup, value, request)

    def has_revert_permission(self, request) -> bool:
        """Whether the revert action is offered at all; each revert asks `may_revert` too."""
        return request.user.has_perm(REVERT_PERMISSION)

    def get_urls(self):
        revert = self.admin_site.admin_view(self.revert_view)
        return [path("<int:pk>/revert/", revert, name="stories_storyversion_revert"), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        version = self.get_object(request, object_id)
        if version is not None:
            extra_context = {**(extra_context or {}), **self._review_context(request, version)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _review_context(self, request, version: StoryVersion) -> dict:
        others = list(
            StoryVersion.objects.filter(story_id=version.story_id).exclude(pk=version.pk).order_by("version")
        )
        by_number = {str(other.version): other for other in others}
        default = str(version.version - 1) if str(version.version - 1) in by_number else CURRENT
        chosen = request.GET.get("against", default)
        if chosen != CURRENT and chosen not in by_number:
            chosen = default
        against = by_number.get(chosen)
        choices = [(CURRENT, f"The current text (version {version.story.version})")]
        choices += [
            (str(other.version), f"Version {other.version}: {describe_version(other)}") for other in others
        ]
        return {
            "story_diff": render_diff(compare(version=version, against=against)),
            "compare_choices": choices,
            "compare_chosen": chosen,
            "can_revert": may_revert(request.user, version.story)
            and version.version != version.story.version
            and revert_preview(version).has_changes,
            "version_description": describe_version(version),
        }

    def revert_view(self, request, pk):
        """GET asks first, listing what will change; POST reverts."""
        version = get_object_or_404(StoryVersion.objects.select_related("story"), pk=pk)
        if not may_revert(request.user, version.story):
            raise PermissionDenied
        if request.method == "POST":
            if self._revert(request, version):
                return HttpResponseRedirect(reverse("admin:stories_story_change", args=[version.story_id]))
            return HttpResponseRedirect(reverse("admin:stories_storyversion_revert", args=[pk]))
        diff = revert_preview(version)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Revert “{version.story}” to version {version.version}?",
            "version": version,
            "story": version.story,
            "diff": diff,
            "story_diff": render_diff(diff),
        }
        return TemplateResponse(request, "admin/stories/storyversion/revert_confirmation.html", context)

    @admin.action(description="Revert the story to the selected version…", permissions=["revert"])
    def revert_selected(self, request, queryset):
        """Like the button: the action leads to the confirmation page, it never reverts at once."""
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one version to revert to.", messages.WARNING)
            return None
        version = queryset.get()
        return HttpResponseRedirect(reverse("admin:stories_storyversion_revert", args=[version.pk]))

    def _revert(self, request, version: StoryVersion) -> bool:
        """Reverts only what the editor saw: the story must still be at the version the
        confirmation page showed (`reviewed_at`), and the revert must change something (the
        service refuses one that would not, as it does through the API)."""
        was = version.story.version
        reviewed_at = request.POST.get("reviewed_at", "")
        if not reviewed_at.isdigit():
            self.message_user(request, "Review what the revert changes, then confirm it on this page.")
            return False
        try:
            story = revert_to_version(
                story=version.story,
                version=version.version,
                by=request.user,
                reviewed_at=int(reviewed_at),
            )
        except DomainError as error:
            self.message_user(request, error.message, messages.ERROR)
            return False
        self.message_user(
            request,
            f"“{story}” was reverted from version {was} to the text of version {version.version}; "
            f"it is now at version {story.version}.",
            messages.SUCCESS,
        )
        return True
