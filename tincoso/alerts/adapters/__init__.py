"""Outbound adapters: a generic HTTP webhook and the eSMS.vn brandname gateway. Each
takes one delivery's content and target and answers what the far end said; a
failure raises ``OutboundError`` (the caller retries with backoff)."""
