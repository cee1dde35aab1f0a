"""The stories app's job kinds (see `jobs.registry`)."""

from jobs.registry import JobKind

GENERATE = JobKind(
    name="generate",
    label="Generate",
    task="stories.generate_story",
    time_limit_setting="JOB_TIME_LIMIT_GENERATE",
    on_failure="stories.services.generation.generation_failed",
    forecast="stories.services.generation.generation_forecast",
    on_withdrawn="stories.services.generation.generation_withdrawn",
)

TRANSLATE = JobKind(
    name="translate",
    label="Translate",
    task="stories.translate_story",
    time_limit_setting="JOB_TIME_LIMIT_TRANSLATE",
    forecast="stories.services.translation.translation_forecast",
)
"""Runs on the original; nothing is marked on it, so a failure or a withdrawal has nothing to undo."""
