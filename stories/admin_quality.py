"""The quality report on the admin's story list (a column and a filter) and story page."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html, format_html_join

from .models import Story


class QualityFilter(admin.SimpleListFilter):
    title = "quality"
    parameter_name = "quality"

    def lookups(self, request, model_admin):
        return [("passed", "Passed"), ("failed", "Missed a check"), ("none", "No content yet")]

    def queryset(self, request, queryset):
        chosen = {"passed": True, "failed": False, "none": None}
        if self.value() not in chosen:
            return queryset
        value = chosen[self.value()]
        return (
            queryset.filter(quality_passed__isnull=True)
            if value is None
            else queryset.filter(quality_passed=value)
        )


def _scene_links(story: Story, scene_ids: list[str]):
    """Each scene at fault, linked to its form on this page (the inline's `scenes-N` anchors)."""
    numbers = {scene.scene_id: scene.scene_number for scene in story.scenes.all()}
    return format_html_join(
        ", ",
        '<a href="#scenes-{}">{}</a>',
        ((numbers[scene_id] - 1, scene_id) for scene_id in scene_ids if scene_id in numbers),
    )


def quality_report_html(story: Story):
    report = story.quality or {}
    if not report:
        return "No content yet."
    missed = [check for check in report.get("checks", []) if not check.get("passed")]
    if not missed:
        return format_html(
            "<strong>Passed</strong>: every check ({}).",
            ", ".join(check["name"] for check in report.get("checks", [])),
        )
    rows = format_html_join(
        "",
        "<li><strong>{}</strong>: {} {}</li>",
        (
            (check["name"], check.get("detail", ""), _at(story, check.get("scene_ids") or []))
            for check in missed
        ),
    )
    return format_html("<p>Missed {} of {} checks.</p><ul>{}</ul>", len(missed), len(report["checks"]), rows)


def _at(story: Story, scene_ids: list[str]):
    return format_html("(at {})", _scene_links(story, scene_ids)) if scene_ids else ""
