"""``{% portal_banners %}``: what other apps put at the top of a public page.

A view puts ``banner_unit`` (the unit the page belongs to) or ``banner_home``
(the portal's home) in its context; each function registered as
``portal_banners`` (core.registry) gives safe HTML for it. The portal never
imports those apps (alerts sits above publishing).
"""

from __future__ import annotations

from django import template
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe

from tincoso.core.registry import portal_banners as registered

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_banners(context: template.Context) -> SafeString:
    unit = context.get("banner_unit")
    if unit is None and not context.get("banner_home"):
        return mark_safe("")
    request = context.get("request")
    parts = [import_string(path)(request, unit) for path in registered()]
    return mark_safe("".join(parts))  # noqa: S308 - each part is rendered, escaped HTML
