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
        if self.value() == "none":
            return queryset.filter(quality_passed__isnull=True)
        if self.value() in {"passed", "failed"}:
            return queryset.filter(quality_passed=self.value() == "passed")
        return queryset


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
    form_of = {
        scene_id: index for index, scene_id in enumerate(story.scenes.values_list("scene_id", flat=True))
    }
    rows = format_html_join(
        "",
        "<li><strong>{}</strong>: {} {}</li>",
        (
            (check["name"], check.get("detail", ""), _at(form_of, check.get("scene_ids") or []))
            for check in missed
        ),
    )
    return format_html("<p>Missed {} of {} checks.</p><ul>{}</ul>", len(missed), len(report["checks"]), rows)


def _at(form_of: dict[str, int], scene_ids: list[str]):
    """Each scene at fault, linked to its form on this page (the scene inline's `scenes-N`)."""
    links = format_html_join(
        ", ",
        '<a href="#scenes-{}">{}</a>',
        ((form_of[scene_id], scene_id) for scene_id in scene_ids if scene_id in form_of),
    )
    return format_html("(at {})", links) if scene_ids else ""
