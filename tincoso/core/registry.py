"""What each domain app contributes to the shell, declared on its AppConfig.

An app's config may set:
- ``nav``: a list of (url name, label) pairs for the staff navigation bar;
- ``demo_loader``: dotted path of a function that loads its demo data (idempotent);
- ``api_urls``: dotted path of a module whose ``urlpatterns`` join the REST API;
- ``urls``: dotted path of a module whose ``urlpatterns`` join the site's root;
- ``periodic``: (dotted path of a function, seconds) pairs that the scheduler
  started by ``tincoso serve`` runs at that interval (each must be idempotent);
- ``item_links``: (url name, label) pairs that the portal shows on an item's page,
  the url taking the item's id (so a higher app, e.g. feedback, can hook in
  without the portal importing it);
- ``staff_item_links``: (url name, label) pairs that the staff page of an approved
  or published item offers to those who may edit it (e.g. "Phát trên loa");
- ``document_actions``: (url name, label) pairs that a registered document's page
  offers to those who may write content, the url taking ``?document=<id>``
  ("Soạn tin từ văn bản", "Phát trên loa");
- ``document_panels``: dotted paths of functions ``(request, document) -> str`` (safe
  HTML, empty when the reader may not use it) shown on a document's page (the
  exchange's export and send, without documents importing it);
- ``todo``: dotted paths of functions ``(user, limit) -> Section | None`` giving
  what waits for a person in that app (see ``core.todo``);
- ``health_checks``: dotted paths of functions that raise when a part the app
  needs is not ready (``/readyz``, see ``core.health``);
- ``metrics``: dotted paths of functions returning ``core.health.Sample`` lists
  (``/metrics``);
- ``portal_stamp_sql``: scalar SQL subqueries (each may take the current time as
  ``%s``) giving a datetime or a counter that moves when what the app shows on the
  anonymous portal changes, so the portal's page cache follows (``publishing.caching``);
- ``portal_banners``: dotted paths of functions ``(request, unit | None) -> str`` (safe
  HTML) shown at the top of a public page of ``unit``, or of the whole portal's home
  when ``None`` (e.g. the alerts' banner, without the portal importing alerts).
Apps are visited in INSTALLED_APPS order, which is the dependency order.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.apps import AppConfig, apps


def _tincoso_configs() -> Iterator[AppConfig]:
    for config in apps.get_app_configs():
        if config.name.startswith("tincoso."):
            yield config


def nav_items() -> list[tuple[str, Any]]:
    return [item for c in _tincoso_configs() for item in getattr(c, "nav", [])]


def demo_loaders() -> list[str]:
    return [path for c in _tincoso_configs() if (path := getattr(c, "demo_loader", None))]


def api_url_modules() -> list[str]:
    return [path for c in _tincoso_configs() if (path := getattr(c, "api_urls", None))]


def periodic_jobs() -> list[tuple[str, int]]:
    return [job for c in _tincoso_configs() for job in getattr(c, "periodic", [])]


def url_modules() -> list[str]:
    return [path for c in _tincoso_configs() if (path := getattr(c, "urls", None))]


def item_links() -> list[tuple[str, Any]]:
    return [item for c in _tincoso_configs() for item in getattr(c, "item_links", [])]


def staff_item_links() -> list[tuple[str, Any]]:
    return [item for c in _tincoso_configs() for item in getattr(c, "staff_item_links", [])]


def document_actions() -> list[tuple[str, Any]]:
    return [item for c in _tincoso_configs() for item in getattr(c, "document_actions", [])]


def document_panels() -> list[str]:
    return [path for c in _tincoso_configs() for path in getattr(c, "document_panels", [])]


def todo_sources() -> list[str]:
    return [path for c in _tincoso_configs() for path in getattr(c, "todo", [])]


def health_checks() -> list[str]:
    return [path for c in _tincoso_configs() for path in getattr(c, "health_checks", [])]


def metric_sources() -> list[str]:
    return [path for c in _tincoso_configs() for path in getattr(c, "metrics", [])]


def portal_links() -> list[tuple[str, Any]]:
    """The public's ways in that the portal's home offers: (URL name, label) pairs."""
    return [item for c in _tincoso_configs() for item in getattr(c, "portal_links", [])]


def portal_stamp_sql() -> list[str]:
    return [sql for c in _tincoso_configs() for sql in getattr(c, "portal_stamp_sql", [])]


def portal_banners() -> list[str]:
    return [path for c in _tincoso_configs() for path in getattr(c, "portal_banners", [])]


def nav(request: Any) -> dict[str, Any]:
    """Template context processor: the navigation items of every app, and the counts
    of what waits for the person beside them (counted only if a page shows them)."""
    from django.utils.functional import SimpleLazyObject

    from tincoso.core.todo import nav_counts

    return {"app_nav": nav_items(), "todo_counts": SimpleLazyObject(lambda: nav_counts(request))}
