"""The narration app's job kind (see `stories.jobs.kinds`)."""

from stories.jobs.kinds import JobKind

NARRATION = JobKind(
    name="narration",
    label="Narration",
    task="narration.narrate",
    time_limit_setting="JOB_TIME_LIMIT_NARRATION",
    forecast="narration.services.narration_forecast",
)
