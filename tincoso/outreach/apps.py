from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "tincoso.outreach"
    label = "outreach"
    verbose_name = _("Tuyên truyền miệng và hoạt động")
    nav = [("outreach-activities", _("Hoạt động"))]
    urls = "tincoso.outreach.urls"
    api_urls = "tincoso.outreach.api_urls"
    demo_loader = "tincoso.outreach.demo.load_demo"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from tincoso.outreach.models import Activity, Material, Reporter

        auditlog.register(Reporter, exclude_fields=["search_text"])
        auditlog.register(Material)
        # "items" stays out of the audited m2m fields: units/audit.html iterates
        # ``changes_dict.items``, which a change keyed "items" would shadow.
        auditlog.register(Activity, m2m_fields={"reporters", "documents"})
