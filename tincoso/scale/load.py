"""The bounded load, in threads, through nginx: portal readers, staff editing items over
the API (with the ETag in If-Match), citizens posting feedback, officers importing
files. Every request's outcome is tallied: succeeded, a clear error (a 4xx with its
reason, or 502/503/504 from the balancer or an app server saying "try again"), or an
unclear one (a 500, a dropped connection, a timeout): the target is none unclear."""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tincoso.scale import samples

CLEAR_SERVER = {502, 503, 504}
READS = ["/", "/don-vi/tan-phong/", "/search?q=chi+b%E1%BB%99", "/hoi-dap/", "/feeds/rss/"]


@dataclass
class Tally:
    outcomes: Counter[str] = field(default_factory=Counter)  # "kind:ok|clear|unclear"
    unclear: list[str] = field(default_factory=list)
    feedback_acked: list[str] = field(default_factory=list)
    feedback_sent: list[str] = field(default_factory=list)
    titles_sent: dict[int, list[str]] = field(default_factory=dict)  # in order
    titles_acked: dict[int, str] = field(default_factory=dict)
    imports_acked: list[int] = field(default_factory=list)
    imports_sent: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, kind: str, status: int, note: str = "") -> str:
        if 200 <= status < 400:
            outcome = "ok"
        elif 400 <= status < 500 or status in CLEAR_SERVER:
            outcome = "clear"
        else:
            outcome = "unclear"
        with self.lock:
            self.outcomes[f"{kind}:{outcome}"] += 1
            if outcome == "unclear" and len(self.unclear) < 20:
                self.unclear.append(f"{kind} {status} {note}"[:300])
        return outcome


@dataclass(frozen=True)
class Answer:
    status: int  # 0: no answer (connection refused or dropped, timeout)
    body: bytes
    headers: dict[str, str]

    def json(self) -> Any:
        return json.loads(self.body)


class Site:
    def __init__(self, port: int, token: str, timeout: float = 30.0) -> None:
        self.port, self.token, self.timeout = port, token, timeout

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None, staff: bool = False) -> Answer:  # fmt: skip
        sent = {"Host": "127.0.0.1", **(headers or {})}
        if staff:
            sent["Authorization"] = f"Token {self.token}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            return Answer(response.status, response.read(),
                          {k.lower(): v for k, v in response.getheaders()})  # fmt: skip
        except (OSError, http.client.HTTPException) as error:
            return Answer(0, repr(error).encode(), {})
        finally:
            connection.close()

    def post_json(self, path: str, data: dict[str, Any], staff: bool = False,
                  headers: dict[str, str] | None = None,
                  method: str = "POST") -> Answer:  # fmt: skip
        sent = {"Content-Type": "application/json", **(headers or {})}
        return self.request(method, path, json.dumps(data).encode(), sent, staff)

    def upload(self, path: str, fields: dict[str, str], name: str, data: bytes) -> Answer:
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
                 .encode() for k, v in fields.items()]  # fmt: skip
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                     f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                     .encode() + data + f"\r\n--{boundary}--\r\n".encode())  # fmt: skip
        return self.request("POST", path, b"".join(parts),
                            {"Content-Type": f"multipart/form-data; boundary={boundary}"},
                            staff=True)  # fmt: skip


def reader(site: Site, tally: Tally, stop: threading.Event) -> None:
    while not stop.is_set():
        path = random.choice(READS)
        answer = site.request("GET", path)
        tally.count("read", answer.status, path)
        time.sleep(0.05)


def citizen(site: Site, tally: Tally, stop: threading.Event, name: str) -> None:
    n = 0
    while not stop.is_set():
        n += 1
        token = f"{name}-{n}"
        with tally.lock:
            tally.feedback_sent.append(token)
        # Each post from another citizen: an address of its own, which nginx passes on
        # in X-Forwarded-For (the rate limits stay on, per citizen).
        address = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        answer = site.post_json("/api/public/feedback/", {
            "place": "tan-phong", "category": "opinion",
            "text": f"Góp ý thử tải {token} về đèn chiếu sáng đường Trần Phú."},
            headers={"X-Forwarded-For": address})  # fmt: skip
        if tally.count("feedback", answer.status, answer.body[:200].decode(errors="replace")) \
                == "ok":  # fmt: skip
            with tally.lock:
                tally.feedback_acked.append(token)
        time.sleep(0.3)


def editor(site: Site, tally: Tally, stop: threading.Event, name: str) -> None:
    """One draft of its own, edited again and again with If-Match: a lost update
    would show as a final title older than the last one acknowledged."""
    item_id = 0
    while not item_id and not stop.is_set():
        draft = {"unit": "tan-phong", "title": f"Tin thử tải {name}"}
        made = site.post_json("/api/items/", draft, staff=True)
        if tally.count("edit", made.status, made.body[:200].decode(errors="replace")) == "ok":
            item_id = made.json()["id"]
        else:
            time.sleep(0.5)
    with tally.lock:
        tally.titles_sent[item_id] = []
    etag, n = "", 0
    while not stop.is_set():
        if not etag:
            got = site.request("GET", f"/api/items/{item_id}/", staff=True)
            if tally.count("edit", got.status) != "ok":
                time.sleep(0.5)
                continue
            etag = got.headers.get("etag", "")
        n += 1
        title = f"Tin thử tải {name} lần {n}"
        with tally.lock:
            tally.titles_sent[item_id].append(title)
        answer = site.post_json(f"/api/items/{item_id}/", {"title": title}, staff=True,
                                headers={"If-Match": etag}, method="PATCH")  # fmt: skip
        if tally.count("edit", answer.status, answer.body[:200].decode(errors="replace")) == "ok":
            etag = answer.headers.get("etag", "")
            with tally.lock:
                tally.titles_acked[item_id] = title
        else:
            etag = ""  # read it again: it may have changed, or not
            time.sleep(0.3)
        time.sleep(0.2)


def importer(site: Site, tally: Tally, stop: threading.Event, name: str) -> None:
    n = 0
    while not stop.is_set():
        n += 1
        with tally.lock:
            tally.imports_sent += 1
        answer = import_file(site, tally, f"{name}{n}", samples.notice(f"{name}{n}"), "tb.txt")
        time.sleep(1.0 if answer else 0.5)


def import_file(site: Site, tally: Tally, tag: str, data: bytes, name: str) -> int:
    answer = site.upload("/api/documents/", {"unit": "tan-phong"}, f"{tag}-{name}", data)
    if tally.count("import", answer.status, answer.body[:200].decode(errors="replace")) != "ok":
        return 0
    pk = int(answer.json()["id"])
    with tally.lock:
        tally.imports_acked.append(pk)
    return pk
