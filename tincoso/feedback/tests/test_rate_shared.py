"""Feedback rate limits count per citizen behind a proxy, and across all workers."""

from __future__ import annotations

import http.client
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tincoso.core.tests.serving import BIN, serve, server_env

API_URL = "/api/public/feedback/"
BODY = {"place": "village", "category": "question",
        "text": "Xin hỏi lịch tiêm chủng mở rộng tháng này ở bản vào ngày nào?"}  # fmt: skip


def send(client: Client, remote: str, forwarded: str) -> int:
    return int(
        client.post(API_URL, BODY, content_type="application/json", REMOTE_ADDR=remote,
                    HTTP_X_FORWARDED_FOR=forwarded).status_code
    )  # fmt: skip


@pytest.mark.django_db
def test_citizens_behind_a_configured_proxy_each_have_their_own_limit(
    client: Client, tree: dict[str, Any], settings: Any
) -> None:
    """GIVEN nginx on another machine (10.0.0.2, listed in TRUSTED_PROXIES) WHEN one
    citizen uses up the limit THEN another citizen behind the same proxy still sends."""
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    for _ in range(5):
        assert send(client, "10.0.0.2", "198.51.100.7") == 201
    assert send(client, "10.0.0.2", "198.51.100.7") == 429
    assert send(client, "10.0.0.2", "198.51.100.8") == 201


@pytest.mark.django_db
def test_a_direct_sender_cannot_escape_the_limit_with_a_made_up_header(
    client: Client, tree: dict[str, Any]
) -> None:
    statuses = [send(client, "203.0.113.7", f"198.51.100.{n}") for n in range(6)]
    assert statuses == [201] * 5 + [429]


TREE_CSV = "code,name,short_name,kind,parent\nxa,Xã Thử,,commune,\nvillage,Bản Thử,,village,xa\n"


def test_the_limit_holds_across_the_workers_of_a_real_server(tmp_path: Path) -> None:
    """GIVEN ``tincoso serve`` with its default two worker processes WHEN one source
    sends twelve times, each on a new connection (spread over both workers) THEN
    exactly five are accepted: the counters are shared, not one set per worker."""
    env = server_env(tmp_path)
    (tmp_path / "tree.csv").write_text(TREE_CSV, encoding="utf-8")
    for command in (["manage", "migrate", "-v0"], ["units", "import", str(tmp_path / "tree.csv")]):
        subprocess.run([str(BIN / "tincoso"), *command], env=env, check=True,
                       capture_output=True, timeout=300)  # fmt: skip
    with serve(env, tmp_path / "serve.log") as served:
        statuses = []
        for _ in range(12):
            connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=20)
            connection.request("POST", API_URL, body=json.dumps(BODY),
                               headers={"Content-Type": "application/json"})  # fmt: skip
            response = connection.getresponse()
            response.read()
            statuses.append(response.status)
            connection.close()
    assert statuses.count(201) == 5 and statuses.count(429) == 7, statuses
