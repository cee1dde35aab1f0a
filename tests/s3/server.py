"""A real S3 API on a free local port for tests: moto's server, in a thread of the test process.

The app talks to it exactly as it would to AWS or MinIO, over HTTP through boto3
(`MEDIA_STORAGE=s3`); a worker subprocess reaches it through `Bucket.env`. Each test gets a
bucket of its own, so what a test lists is only what it stored.
"""

from __future__ import annotations

import itertools
import logging
import os
from dataclasses import dataclass
from threading import Thread

import boto3
from botocore.config import Config
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import make_server

REGION = "us-east-1"
ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"  # moto accepts any key pair; nothing here is a secret
NOBODY_LISTENS = "http://127.0.0.1:9"
"""An endpoint that refuses every connection: what a store that went down looks like."""


class LocalS3:
    """moto's S3 server (what `moto_server` runs, as moto's ThreadedMotoServer does) on
    127.0.0.1 and a free port, bound here so a failure to start raises at once rather than
    leaving a thread that never reports ready."""

    def __init__(self) -> None:
        self._buckets = itertools.count(1)
        self._httpd = None
        self._thread: Thread | None = None
        self.endpoint_url = ""

    def start(self) -> LocalS3:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request
        self._httpd = make_server(
            "127.0.0.1",
            0,
            DomainDispatcherApplication(create_backend_app),
            threaded=True,
            request_handler=MotoRequestHandler,
        )
        self._thread = Thread(target=self._httpd.serve_forever, daemon=True, name="local-s3")
        self._thread.start()
        self.endpoint_url = f"http://127.0.0.1:{self._httpd.server_port}"
        try:
            self.client().list_buckets()
        except Exception:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=10)
            self._httpd.server_close()

    def client(self):
        """A boto3 client of our own, for tests to look into buckets with."""
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
        )

    def new_bucket(self) -> Bucket:
        name = f"genstory-test-{os.getpid()}-{next(self._buckets)}"
        self.client().create_bucket(Bucket=name)
        return Bucket(server=self, name=name)


@dataclass(frozen=True)
class Bucket:
    server: LocalS3
    name: str

    @property
    def env(self) -> dict[str, str]:
        """The settings that put a process's media in this bucket (for a worker subprocess)."""
        return {
            "MEDIA_STORAGE": "s3",
            "MEDIA_S3_BUCKET": self.name,
            "MEDIA_S3_ENDPOINT_URL": self.server.endpoint_url,
            "MEDIA_S3_ACCESS_KEY_ID": ACCESS_KEY,
            "MEDIA_S3_SECRET_ACCESS_KEY": SECRET_KEY,
            "MEDIA_S3_REGION": REGION,
            "MEDIA_S3_ADDRESSING_STYLE": "path",
        }

    @property
    def storage_setting(self) -> dict:
        """The same, as the STORAGES entry the settings module makes of `env`."""
        return {
            "BACKEND": "core.s3.MediaS3Storage",
            "OPTIONS": {
                "bucket_name": self.name,
                "endpoint_url": self.server.endpoint_url,
                "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY,
                "region_name": REGION,
                "addressing_style": "path",
                "timeout": 5.0,
            },
        }

    @property
    def unreachable_setting(self) -> dict:
        """`storage_setting` with the store gone: every request is refused at once."""
        options = {**self.storage_setting["OPTIONS"], "endpoint_url": NOBODY_LISTENS, "timeout": 1.0}
        return {**self.storage_setting, "OPTIONS": options}

    def keys(self, prefix: str = "") -> set[str]:
        """Every object key in the bucket (under `prefix`), listed through the S3 API."""
        pages = (
            self.server.client().get_paginator("list_objects_v2").paginate(Bucket=self.name, Prefix=prefix)
        )
        return {entry["Key"] for page in pages for entry in page.get("Contents", ())}

    def read(self, key: str) -> bytes:
        return self.server.client().get_object(Bucket=self.name, Key=key)["Body"].read()

    def remove(self) -> None:
        client = self.server.client()
        for key in self.keys():
            client.delete_object(Bucket=self.name, Key=key)
        client.delete_bucket(Bucket=self.name)
