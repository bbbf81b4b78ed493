"""Exchange identifiers (OrganId) are set here by the system's administrators; the
messages are shown read-only, for looking into a transport's trouble."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tincoso.documents.exchange.models import Message, Organ


@admin.register(Organ)
class OrganAdmin(admin.ModelAdmin):
    list_display = ("organ_id", "name", "unit")
    search_fields = ("organ_id", "name", "unit__name", "unit__code")
    autocomplete_fields = ["unit"]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "way", "kind", "state", "from_organ", "to_organ", "edxml_id")
    list_filter = ("way", "kind", "state")
    search_fields = ("edxml_id", "from_organ", "to_organ")
    exclude = ("envelope",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
