from typing import cast

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from tincoso.core.models import User

_SHORT = 75  # characters of field names in the list, as django-auditlog shows them


@admin.register(User)
class TinCoSoUserAdmin(UserAdmin):
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (_("Tin Cơ Sở"), {"fields": ("full_name", "title", "language")}),
    )
    list_display = ("username", "full_name", "email", "is_active", "is_staff")
    search_fields = ("username", "full_name", "email")


class AuditLogEntryAdmin(LogEntryAdmin):
    """django-auditlog's own admin, with the few texts it writes in English only."""

    @admin.display(description=_("Thay đổi"))
    def msg_short(self, obj: LogEntry) -> str:
        if obj.action in (LogEntry.Action.DELETE, LogEntry.Action.ACCESS):
            return ""
        fields = list(obj.changes_dict)
        names = ", ".join(fields)
        if len(names) > _SHORT:
            names = names[: names.rfind(" ", 0, _SHORT)] + " …"
        return ngettext(
            "%(n)s thay đổi: %(fields)s", "%(n)s thay đổi: %(fields)s", len(fields)
        ) % {"n": len(fields), "fields": names}

    @admin.display(description=_("Mã liên kết"))
    def cid_url(self, obj: LogEntry) -> str | None:
        return cast(str | None, super().cid_url(obj))

    @admin.display(description=_("Người dùng"))
    def user_url(self, obj: LogEntry) -> str:
        return cast(str, super().user_url(obj)) if obj.actor else gettext("hệ thống")


admin.site.unregister(LogEntry)
admin.site.register(LogEntry, AuditLogEntryAdmin)
