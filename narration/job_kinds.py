"""The narration app's job kind (see `jobs.registry`)."""

from jobs.registry import JobKind
from spend.services import CostBasis

NARRATION = JobKind(
    name="narration",
    label="Narration",
    task="narration.narrate",
    time_limit_setting="JOB_TIME_LIMIT_NARRATION",
    forecast="narration.services.narration_forecast",
    cost_basis=CostBasis.SPEECH,
)
