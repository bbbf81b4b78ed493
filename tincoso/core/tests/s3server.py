"""A real S3 HTTP server on loopback for tests: moto's server mode, in its own process.

Only the cloud API is emulated; the app talks to it over HTTP with boto3 as it
would to MinIO or a cloud's S3.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KEYS = {"access_key": "test-access-key", "secret_key": "test-secret-key"}


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    bucket: str

    def client(self) -> Any:
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id=KEYS["access_key"],
            aws_secret_access_key=KEYS["secret_key"],
        )

    def object_keys(self) -> list[str]:
        found = self.client().list_objects_v2(Bucket=self.bucket).get("Contents", [])
        return sorted(str(o["Key"]) for o in found)

    def storages(self) -> dict[str, dict[str, Any]]:
        """STORAGES as settings.py builds them from S3_* variables."""
        options = {
            "bucket_name": self.bucket,
            "endpoint_url": self.endpoint,
            "region_name": "us-east-1",
            **KEYS,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            "max_memory_size": 5 * 1024 * 1024,
        }
        backend = "storages.backends.s3.S3Storage"
        return {
            "default": {"BACKEND": backend, "OPTIONS": {**options, "location": "media"}},
            "private": {"BACKEND": backend, "OPTIONS": {**options, "location": "private"}},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def s3_server(bucket: str = "tincoso-media") -> Iterator[S3Server]:
    port = _free_port()
    moto = Path(sys.executable).with_name("moto_server")
    process = subprocess.Popen(
        [str(moto), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1).close()  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("moto_server did not start") from None
                time.sleep(0.1)
        server = S3Server(endpoint, bucket)
        server.client().create_bucket(Bucket=bucket)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=10)
