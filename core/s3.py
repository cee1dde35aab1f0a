"""Media on S3-compatible object storage (AWS S3, MinIO, Ceph, moto): the storage class
`MEDIA_STORAGE=s3` installs as Django's default storage.

Downloads are streamed through Django rather than answered with presigned URLs:
- every byte still passes the owner check of the route that serves it (another user's picture
  stays a 404), and ETag, If-None-Match, Range and 416 behave the same on disk and on S3;
- the bucket stays private and need not be reachable by clients at all (in docker-compose the
  store is on the internal network only); a presigned URL would have to name a public host;
- a presigned URL is a bearer token: it keeps working for its lifetime after a story is
  deleted or a link is shared, and leaks through logs and Referer headers;
- the routes' answers (bytes, not redirects) stay what the API contract says, and clients that
  send `Authorization` are not redirected to a host that refuses two kinds of credentials.
The price is the web process's bandwidth; exports are cached per version and every download
carries an ETag and `Cache-Control: private`, and a Range read fetches only the bytes asked.

Failures read like a disk's: a missing object is `FileNotFoundError` (django-storages already
does that), anything else that goes wrong talking to the store is `StorageUnavailable`, an
`OSError` that the API answers with 503.
"""

from __future__ import annotations

import functools

from boto3.exceptions import Boto3Error
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from s3transfer.exceptions import RetriesExceededError
from storages.backends.s3 import S3File, S3Storage
from storages.utils import clean_name

from core.files import StorageUnavailable

STORE_FAILURES = (BotoCoreError, ClientError, Boto3Error, RetriesExceededError)
"""What boto3 raises when the store cannot be reached or refuses (uploads and downloads wrap
botocore's errors in boto3's and s3transfer's own)."""
SPOOL_IN_MEMORY_BYTES = 8 * 1024 * 1024
"""An object read whole is kept in memory up to this size, then spooled to a temporary file."""


def _unavailable(error: Exception) -> StorageUnavailable:
    return StorageUnavailable(f"The media storage is unavailable right now ({type(error).__name__}).")


def _translated(method):
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except STORE_FAILURES as error:
            raise _unavailable(error) from error

    return call


class MediaS3File(S3File):
    """An object opened for reading is fetched when opened, so an outage surfaces where callers
    already handle a missing file, not in the middle of a response."""

    def __init__(self, name, mode, storage, buffer_size=None):
        super().__init__(name, mode, storage, buffer_size)
        if "r" in mode:
            self.file  # noqa: B018

    read = _translated(S3File.read)
    close = _translated(S3File.close)


class MediaS3Storage(S3Storage):
    """django-storages' S3 backend with short timeouts, few retries, and failures as OSErrors.

    `timeout` (seconds) bounds connecting and each read, so a store that is down answers the
    request with 503 in seconds, not after botocore's minute-long defaults. Checksums are sent
    and checked only where the S3 API requires them: several S3-compatible stores refuse the
    CRC headers newer botocore adds to every upload."""

    def __init__(self, *, timeout: float = 10.0, **options):
        options.setdefault(
            "client_config",
            Config(
                connect_timeout=timeout,
                read_timeout=timeout,
                retries={"max_attempts": 2, "mode": "standard"},
                s3={"addressing_style": options.get("addressing_style") or "auto"},
                signature_version="s3v4",
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            ),
        )
        # As on disk, saving under a name that is taken picks another name: django-storages'
        # default (overwrite) would let two rows share, and one delete remove, one object.
        options.setdefault("file_overwrite", False)
        options.setdefault("max_memory_size", SPOOL_IN_MEMORY_BYTES)
        options.setdefault("default_acl", None)
        options.setdefault("querystring_auth", True)
        super().__init__(**options)

    @_translated
    def _open(self, name, mode="rb"):
        name = self._normalize_name(clean_name(name))
        try:
            return MediaS3File(name, mode, self)
        except ClientError as error:
            if error.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
                raise FileNotFoundError(f"File does not exist: {name}") from None
            raise

    _save = _translated(S3Storage._save)
    delete = _translated(S3Storage.delete)
    exists = _translated(S3Storage.exists)
    size = _translated(S3Storage.size)
    listdir = _translated(S3Storage.listdir)
    get_modified_time = _translated(S3Storage.get_modified_time)

    @_translated
    def read_range(self, name: str, first: int, last: int) -> bytes:
        """Bytes `first`..`last` (inclusive) in one ranged GET: a player seeking in a long
        narration does not make us fetch all of it."""
        key = self._normalize_name(clean_name(name))
        try:
            answer = self.connection.meta.client.get_object(
                Bucket=self.bucket_name, Key=key, Range=f"bytes={first}-{last}"
            )
        except ClientError as error:
            if error.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
                raise FileNotFoundError(f"File does not exist: {key}") from None
            raise
        with answer["Body"] as body:
            return body.read()

    @_translated
    def create_bucket(self) -> bool:
        """Create the bucket unless it exists: True when it was created."""
        client = self.connection.meta.client
        try:
            client.head_bucket(Bucket=self.bucket_name)
            return False
        except ClientError as error:
            if error.response["ResponseMetadata"]["HTTPStatusCode"] != 404:
                raise
        where = {}
        if self.region_name and self.region_name != "us-east-1":
            where = {"CreateBucketConfiguration": {"LocationConstraint": self.region_name}}
        client.create_bucket(Bucket=self.bucket_name, **where)
        return True

    @_translated
    def ping(self, *, timeout: float) -> None:
        """One HEAD of the bucket within `timeout` seconds, not retried (for readiness probes)."""
        config = self.client_config.merge(
            Config(connect_timeout=timeout, read_timeout=timeout, retries={"max_attempts": 1})
        )
        client = self._create_session().client(
            "s3",
            region_name=self.region_name,
            use_ssl=self.use_ssl,
            endpoint_url=self.endpoint_url,
            config=config,
            verify=self.verify,
        )
        client.head_bucket(Bucket=self.bucket_name)
