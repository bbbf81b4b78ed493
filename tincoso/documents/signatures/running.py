"""pyHanko's validation is asynchronous; we call it from plain code.

``asyncio.run`` refuses to start inside a thread whose event loop is already running
(a caller that is itself asynchronous, or a test session driving a browser through
Playwright's synchronous API). There the coroutine runs to completion on a thread of
its own instead, so verification gives the same answer wherever it is called from.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="signatures") as pool:
        return pool.submit(asyncio.run, coroutine).result()
