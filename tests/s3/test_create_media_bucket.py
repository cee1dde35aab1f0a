"""`manage.py create_media_bucket` against the local S3 server."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.core.management.base import OutputWrapper


def run(**options) -> str:
    output = StringIO()
    call_command("create_media_bucket", stdout=OutputWrapper(output), **options)
    return output.getvalue()


def test_it_creates_the_bucket_once(local_s3, settings):
    bucket = local_s3.new_bucket()
    bucket.remove()
    settings.MEDIA_STORAGE = "s3"
    settings.STORAGES = {**settings.STORAGES, "default": bucket.storage_setting}

    assert run() == f"Created the media bucket {bucket.name}.\n"
    assert run() == f"The media bucket {bucket.name} exists.\n"
    assert bucket.name in {entry["Name"] for entry in local_s3.client().list_buckets()["Buckets"]}
    bucket.remove()


def test_a_store_that_does_not_answer_is_a_clear_error(media_on_s3, settings):
    settings.STORAGES = {**settings.STORAGES, "default": media_on_s3.unreachable_setting}
    with pytest.raises(CommandError, match="storage is unavailable"):
        run()


def test_local_media_need_no_bucket():
    assert "no bucket to create" in run()
