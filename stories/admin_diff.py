"""The review desk's diff: what changed between two states of a story, scene by scene, word by word.

One component serves the version pages, the revert confirmation and the refinement pages. It
reads plain `SceneText` values, so it does not care whether a side came from a version
snapshot (of any format: keys are read leniently), the live scenes or a refinement's record.
Paragraphs are aligned first; a changed paragraph is then compared word by word, and runs of
unchanged paragraphs fold away behind a one-line summary with a paragraph of context kept on
either side of a change. Every piece of story text is escaped by the template.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

CONTEXT_PARAGRAPHS = 1
SHORT_COMMON_RUN = 2
MIN_WORD_SIMILARITY = 0.35
_WORD = re.compile(r"\S+\s*")
_BLANK_LINES = re.compile(r"\n\s*\n")
_SCENE_NUMBER = re.compile(r"(\d+)$")


@dataclass(frozen=True)
class SceneText:
    scene_id: str
    number: int
    title: str
    content: str


@dataclass(frozen=True)
class Block:
    """One row of a scene's diff: `same`, `changed`, `added`, `removed`, or `folded` (count only)."""

    kind: str
    html: str = ""
    count: int = 0


@dataclass
class SceneDiff:
    number: int
    title: str
    status: str
    """`changed`, `added`, `removed` or `unchanged`."""
    title_html: SafeString | None = None
    blocks: list[Block] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"Scene {self.number} · {self.title}"


@dataclass(frozen=True)
class LessonLine:
    status: str
    text: str


@dataclass(frozen=True)
class BriefChange:
    """One field of the brief (title, audience, ...) that differs between the two sides."""

    label: str
    before: str
    after: str


@dataclass
class StoryDiff:
    before_label: str
    after_label: str
    scenes: list[SceneDiff]
    lessons: list[LessonLine]
    brief: list[BriefChange] = field(default_factory=list)

    @property
    def changed(self) -> list[SceneDiff]:
        return [scene for scene in self.scenes if scene.status == "changed"]

    @property
    def added(self) -> list[SceneDiff]:
        return [scene for scene in self.scenes if scene.status == "added"]

    @property
    def removed(self) -> list[SceneDiff]:
        return [scene for scene in self.scenes if scene.status == "removed"]

    @property
    def lessons_changed(self) -> bool:
        return any(line.status != "same" for line in self.lessons)

    @property
    def has_changes(self) -> bool:
        return bool(self.changed or self.added or self.removed or self.lessons_changed or self.brief)


def scene_number_from_id(scene_id: str, *, default: int) -> int:
    match = _SCENE_NUMBER.search(scene_id or "")
    return int(match.group(1)) if match else default


def scenes_from_snapshot(snapshot: dict) -> list[SceneText]:
    """The scenes of a stored version, whatever optional keys its format had."""
    scenes = []
    for position, scene in enumerate(snapshot.get("scenes") or [], start=1):
        scene_id = str(scene.get("scene_id") or f"scene_{position}")
        scenes.append(
            SceneText(
                scene_id=scene_id,
                number=int(scene.get("scene_number") or position),
                title=str(scene.get("title") or ""),
                content=str(scene.get("content") or ""),
            )
        )
    return scenes


def lessons_from_snapshot(snapshot: dict) -> list[str]:
    return [str(lesson) for lesson in snapshot.get("lessons") or [] if str(lesson).strip()]


def paragraphs(text: str) -> list[str]:
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    return [" ".join(block.split()) for block in _BLANK_LINES.split(normalized) if block.strip()]


def _word_matcher(old: list[str], new: list[str]) -> difflib.SequenceMatcher:
    return difflib.SequenceMatcher(
        None, [word.rstrip() for word in old], [word.rstrip() for word in new], autojunk=False
    )


def _readable_opcodes(matcher: difflib.SequenceMatcher) -> list[tuple[str, int, int, int, int]]:
    """Opcodes with short common runs between two changes folded into the change around them,
    so "the" shared by two different sentences does not chop them into confetti."""
    merged: list[list] = []
    opcodes = matcher.get_opcodes()
    for index, (operation, old_start, old_end, new_start, new_end) in enumerate(opcodes):
        inside = 0 < index < len(opcodes) - 1
        if operation == "equal" and inside and old_end - old_start <= SHORT_COMMON_RUN:
            operation = "replace"
        if merged and operation != "equal" and merged[-1][0] != "equal":
            merged[-1][0], merged[-1][2], merged[-1][4] = "replace", old_end, new_end
            continue
        merged.append([operation, old_start, old_end, new_start, new_end])
    return [tuple(opcode) for opcode in merged]


def similar_enough(before: str, after: str) -> bool:
    """Whether a word-level diff of two paragraphs helps, or just shows a new paragraph."""
    return _word_matcher(_WORD.findall(before), _WORD.findall(after)).ratio() >= MIN_WORD_SIMILARITY


def word_diff(before: str, after: str) -> SafeString:
    """`before` turned into `after`: removed words in <del>, inserted words in <ins>."""
    old, new = _WORD.findall(before), _WORD.findall(after)
    parts = []
    for operation, old_start, old_end, new_start, new_end in _readable_opcodes(_word_matcher(old, new)):
        if operation == "equal":
            same = "".join(old[old_start:old_end])
            parts.append(format_html("{}", same if same[-1:].isspace() else f"{same} "))
            continue
        if old_end > old_start:
            parts.append(format_html("<del>{}</del> ", "".join(old[old_start:old_end]).rstrip()))
        if new_end > new_start:
            parts.append(format_html("<ins>{}</ins> ", "".join(new[new_start:new_end]).rstrip()))
    return SafeString("".join(parts).rstrip())


def _plain(text: str) -> SafeString:
    return format_html("{}", text)


def _unchanged_run(run: list[str], *, at_start: bool, at_end: bool) -> list[Block]:
    """Keep a paragraph of context next to each change and fold the rest away."""
    head = [] if at_start else run[:CONTEXT_PARAGRAPHS]
    tail = [] if at_end else run[len(head) :][-CONTEXT_PARAGRAPHS:]
    folded = len(run) - len(head) - len(tail)
    blocks = [Block("same", _plain(text)) for text in head]
    if folded:
        blocks.append(Block("folded", count=folded))
    blocks += [Block("same", _plain(text)) for text in tail]
    return blocks


def paragraph_blocks(before: str, after: str) -> list[Block]:
    old, new = paragraphs(before), paragraphs(after)
    opcodes = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    blocks: list[Block] = []
    for index, (operation, old_start, old_end, new_start, new_end) in enumerate(opcodes):
        if operation == "equal":
            blocks += _unchanged_run(
                old[old_start:old_end], at_start=index == 0, at_end=index == len(opcodes) - 1
            )
            continue
        removed, inserted = old[old_start:old_end], new[new_start:new_end]
        paired = min(len(removed), len(inserted))
        for old_text, new_text in zip(removed[:paired], inserted[:paired], strict=True):
            if similar_enough(old_text, new_text):
                blocks.append(Block("changed", word_diff(old_text, new_text)))
            else:
                blocks += [Block("removed", _plain(old_text)), Block("added", _plain(new_text))]
        blocks += [Block("removed", _plain(text)) for text in removed[paired:]]
        blocks += [Block("added", _plain(text)) for text in inserted[paired:]]
    return blocks


def diff_scene(before: SceneText | None, after: SceneText | None) -> SceneDiff:
    if before is None:
        return SceneDiff(
            after.number,
            after.title,
            "added",
            blocks=[Block("added", _plain(p)) for p in paragraphs(after.content)],
        )
    if after is None:
        return SceneDiff(
            before.number,
            before.title,
            "removed",
            blocks=[Block("removed", _plain(p)) for p in paragraphs(before.content)],
        )
    if before.title == after.title and paragraphs(before.content) == paragraphs(after.content):
        count = len(paragraphs(after.content))
        return SceneDiff(after.number, after.title, "unchanged", blocks=[Block("folded", count=count)])
    title_html = word_diff(before.title, after.title) if before.title != after.title else None
    return SceneDiff(
        after.number,
        after.title,
        "changed",
        title_html=title_html,
        blocks=paragraph_blocks(before.content, after.content),
    )


def diff_lessons(before: list[str], after: list[str]) -> list[LessonLine]:
    lines = []
    for operation, old_start, old_end, new_start, new_end in difflib.SequenceMatcher(
        None, before, after, autojunk=False
    ).get_opcodes():
        if operation == "equal":
            lines += [LessonLine("same", text) for text in before[old_start:old_end]]
            continue
        lines += [LessonLine("removed", text) for text in before[old_start:old_end]]
        lines += [LessonLine("added", text) for text in after[new_start:new_end]]
    return lines


def diff_story(
    *,
    before: list[SceneText],
    after: list[SceneText],
    before_label: str,
    after_label: str,
    lessons_before: list[str] | None = None,
    lessons_after: list[str] | None = None,
    brief_before: dict[str, str] | None = None,
    brief_after: dict[str, str] | None = None,
) -> StoryDiff:
    """Scenes are matched by their id; the result is in the order the scenes are read in. The
    briefs are {label: value as read} (labels in the order shown); only differing ones are kept."""
    old = {scene.scene_id: scene for scene in before}
    new = {scene.scene_id: scene for scene in after}
    order = sorted(
        old.keys() | new.keys(), key=lambda scene_id: ((new.get(scene_id) or old[scene_id]).number, scene_id)
    )
    return StoryDiff(
        before_label=before_label,
        after_label=after_label,
        scenes=[diff_scene(old.get(scene_id), new.get(scene_id)) for scene_id in order],
        lessons=diff_lessons(lessons_before or [], lessons_after or []),
        brief=[
            BriefChange(label, value, (brief_after or {}).get(label, ""))
            for label, value in (brief_before or {}).items()
            if value != (brief_after or {}).get(label, "")
        ],
    )


def render_diff(diff: StoryDiff) -> SafeString:
    return SafeString(render_to_string("admin/genstory/diff.html", {"diff": diff}))


def scene_list(scenes: list[SceneDiff]) -> SafeString:
    return format_html_join(", ", "{}", ((scene.heading,) for scene in scenes))
