import pytest


@pytest.fixture(autouse=True)
def small_fast_images(settings):
    """Tiny pictures, the offline provider unless a test asks for `fake_openai`, and short backoff."""
    settings.AI_PROVIDER = "offline"
    settings.IMAGE_SIZE = "64x64"
    settings.JOB_RETRY_BACKOFF_SECONDS = 0.01
