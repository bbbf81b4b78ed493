"""The outbound subscribers are configured by the system's administrators (Django
admin): a partner's webhook or a unit's SMS list, production or drill."""

from __future__ import annotations

from django.contrib import admin

from tincoso.alerts.outbound_models import Delivery, Subscriber


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin[Subscriber]):
    list_display = ("name", "unit", "kind", "audience", "active")
    list_filter = ("kind", "audience", "active")
    search_fields = ("name", "unit__name", "url")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin[Delivery]):
    list_display = ("dispatch", "channel", "target", "status", "attempts", "done_at")
    list_filter = ("channel", "status")
    readonly_fields = ("dispatch", "channel", "target", "subscriber", "status", "attempts",
                       "detail", "created_at", "done_at")  # fmt: skip
