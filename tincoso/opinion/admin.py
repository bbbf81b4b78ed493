from django.contrib import admin

from tincoso.opinion.models import Collaborator, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    """The shared taxonomy: names and the phrases that suggest each topic."""

    list_display = ("name", "slug", "active", "position")
    list_editable = ("active", "position")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Collaborator)
class CollaboratorAdmin(admin.ModelAdmin):
    list_display = ("user", "unit", "named_at")
    search_fields = ("user__username", "unit__name", "unit__code")
    autocomplete_fields = ["user", "unit"]
