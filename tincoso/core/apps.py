from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tincoso.core"
    label = "core"
    verbose_name = _("Hệ thống")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.apps import apps

        # django-axes names its app "Axes", untranslatable: the admin's index shows it.
        apps.get_app_config("axes").verbose_name = _("Khóa đăng nhập sai")

        from tincoso.core import loginguard  # noqa: F401 - connects its signal receiver
        from tincoso.core.models import User

        auditlog.register(User, exclude_fields=["password", "last_login"], m2m_fields=set())
