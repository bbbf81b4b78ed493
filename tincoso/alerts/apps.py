from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """Emergency alerts (issue 15): composed from a template, sent by two people,
    published as signed CAP 1.2 and pushed to the loudspeakers and boards of the area.

    Above ``broadcast`` in the layers: an approved alert starts the devices'
    ``Emergency`` of each unit of its area."""

    name = "tincoso.alerts"
    label = "alerts"
    verbose_name = _("Cảnh báo khẩn cấp")
    nav = [("alert-list", _("Cảnh báo"))]
    urls = "tincoso.alerts.urls"
    api_urls = "tincoso.alerts.api_urls"
    demo_loader = "tincoso.alerts.demo.load_demo"
    portal_banners = ["tincoso.alerts.banner.render"]
    # A delivery whose worker died while sending is queued again (``outbound``).
    periodic = [("tincoso.alerts.outbound.retry_stuck", 60)]
    staff_item_links = [("item-channels", _("Gửi mọi kênh"))]

    @property
    def portal_stamp_sql(self) -> list[str]:
        from tincoso.alerts.banner import STAMP_SQL

        return STAMP_SQL

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from tincoso.alerts.models import Alert

        # Who composed, approved, updated or cancelled, and when; the signed message
        # itself is kept on the alert (and served), not copied into the log.
        auditlog.register(Alert, exclude_fields=["cap_xml"])
