from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "tincoso.units"
    label = "units"
    verbose_name = _("Đơn vị và phân quyền")
    demo_loader = "tincoso.units.demo.load_demo"
    api_urls = "tincoso.units.api_urls"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from tincoso.units.models import Guidance, Membership, Unit

        # Only the unit's own fields: reverse relations are not changes to the unit.
        auditlog.register(Unit, include_fields=["code", "name", "short_name", "kind", "active"])
        auditlog.register(Membership)
        auditlog.register(Guidance)
