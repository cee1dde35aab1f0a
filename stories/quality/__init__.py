"""A story judged as a reader would: see `report` for the checks and `limits.yaml` for why."""

from .catalogue import quality_checks
from .report import CHECK_NAMES, SceneText, StoryText, judge, limits, report_lines
from .scene import SceneMiss, scene_min_words, scene_misses

__all__ = [
    "CHECK_NAMES",
    "SceneMiss",
    "SceneText",
    "StoryText",
    "judge",
    "limits",
    "quality_checks",
    "report_lines",
    "scene_min_words",
    "scene_misses",
]
