"""Stations, clusters, programmes and inboxes (to be built)."""

__all__: list[str] = []
