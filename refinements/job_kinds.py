"""The refinements app's job kinds (see `jobs.registry`). A failed rewrite wrote nothing,
so none has anything to undo."""

from jobs.registry import JobKind

REFINE_SCENE = JobKind(
    name="refine_scene",
    label="Refine scene",
    task="refinements.refine_scene",
    time_limit_setting="JOB_TIME_LIMIT_REFINE_SCENE",
)
REFINE_STYLE = JobKind(
    name="refine_style",
    label="Refine style",
    task="refinements.refine_style",
    time_limit_setting="JOB_TIME_LIMIT_REFINE_STYLE",
)
ADJUST_AUDIENCE = JobKind(
    name="adjust_audience",
    label="Adjust audience",
    task="refinements.adjust_audience",
    time_limit_setting="JOB_TIME_LIMIT_ADJUST_AUDIENCE",
)
