"""HTML diffs for the admin: what a version or a refinement changed, side by side."""

from __future__ import annotations

import difflib

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

_HTML_DIFF = difflib.HtmlDiff(tabsize=4, wrapcolumn=80)


def side_by_side(before: str, after: str, *, before_label: str, after_label: str) -> SafeString:
    """difflib's table escapes the text it shows, so the story text cannot inject markup."""
    table = _HTML_DIFF.make_table(
        before.splitlines(),
        after.splitlines(),
        fromdesc=before_label,
        todesc=after_label,
        context=True,
        numlines=2,
    )
    return format_html('<div class="genstory-diff">{}</div>', mark_safe(table))


def scenes_as_text(scenes: list[dict]) -> str:
    return "\n\n".join(
        f"## {scene['scene_number']}. {scene['title']}\n\n{scene['content']}" for scene in scenes
    )
