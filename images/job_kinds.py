"""The images app's job kinds (see `jobs.registry`): one task draws scenes or a cover."""

from jobs.registry import JobKind
from spend.services import CostBasis

SCENE_IMAGES = JobKind(
    name="scene_images",
    label="Scene images",
    task="images.scene_images",
    time_limit_setting="JOB_TIME_LIMIT_IMAGES",
    cost_basis=CostBasis.IMAGES,
)
COVER_IMAGE = JobKind(
    name="cover_image",
    label="Cover image",
    task="images.scene_images",
    time_limit_setting="JOB_TIME_LIMIT_IMAGES",
    cost_basis=CostBasis.IMAGES,
)
