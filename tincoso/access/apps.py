from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "tincoso.access"
    label = "access"
    verbose_name = _("Tiếp cận thông tin")
    nav = [("access-inbox", _("Yêu cầu thông tin"))]
    urls = "tincoso.access.urls"
    demo_loader = "tincoso.access.demo.load_demo"
