"""A story judged as a reader would: see `report` for the checks and `limits.yaml` for why."""

from .catalogue import quality_checks
from .report import CHECK_NAMES, SceneText, StoryText, judge, limits, report_lines

__all__ = [
    "CHECK_NAMES",
    "SceneText",
    "StoryText",
    "judge",
    "limits",
    "quality_checks",
    "report_lines",
]
