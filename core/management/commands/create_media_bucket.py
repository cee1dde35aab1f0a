"""`create_media_bucket`: make the MEDIA_S3_BUCKET a fresh S3-compatible store lacks (docker
compose runs it once at start-up). Nothing to do when media are on the local disk."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import CommandError

from core.command_logs import QuietCommand
from core.files import StorageUnavailable


class Command(QuietCommand):
    help = "Create the media bucket (MEDIA_STORAGE=s3) unless it exists."

    def add_arguments(self, parser):
        parser.add_argument(
            "--wait", type=float, default=0.0, help="Seconds to keep trying while the store does not answer."
        )

    def handle(self, *args, wait: float, **options):
        if settings.MEDIA_STORAGE != "s3":
            self.stdout.write("Media are on the local disk (MEDIA_STORAGE=local): no bucket to create.")
            return
        deadline = time.monotonic() + wait
        while True:
            try:
                created = default_storage.create_bucket()
                break
            except StorageUnavailable as error:
                if time.monotonic() >= deadline:
                    raise CommandError(f"{error} Is MEDIA_S3_ENDPOINT_URL right, and the store up?") from None
                time.sleep(1)
        bucket = default_storage.bucket_name
        self.stdout.write(
            f"Created the media bucket {bucket}." if created else f"The media bucket {bucket} exists."
        )
