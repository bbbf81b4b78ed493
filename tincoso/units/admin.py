from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from tincoso.units.models import Guidance, Membership, Unit


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Unit)
class UnitAdmin(TreeAdmin):
    form = movenodeform_factory(Unit)
    list_display = ("name", "code", "kind", "active")
    search_fields = ("name", "code", "short_name")
    list_filter = ("kind", "active")
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "unit", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__username", "user__full_name", "unit__name", "unit__code")
    autocomplete_fields = ["user", "unit"]


@admin.register(Guidance)
class GuidanceAdmin(admin.ModelAdmin):
    list_display = ("guide", "guided", "dispatch", "figures", "reports", "note")
    list_filter = ("dispatch", "figures", "reports")
    search_fields = ("guide__name", "guided__name", "note")
    autocomplete_fields = ["guide", "guided"]
