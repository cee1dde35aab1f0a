"""The images app's job kinds (see `stories.jobs.kinds`): one task draws scenes or a cover."""

from stories.jobs.kinds import JobKind

SCENE_IMAGES = JobKind(
    name="scene_images",
    label="Scene images",
    task="images.scene_images",
    time_limit_setting="JOB_TIME_LIMIT_IMAGES",
)
COVER_IMAGE = JobKind(
    name="cover_image",
    label="Cover image",
    task="images.scene_images",
    time_limit_setting="JOB_TIME_LIMIT_IMAGES",
)
