from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "tincoso.reports"
    label = "reports"
    verbose_name = _("Báo cáo")
    nav = [("rollup-dashboard", _("Tổng hợp")), ("report-home", _("Báo cáo"))]
    todo = ["tincoso.reports.todo.reports", "tincoso.reports.todo.approvals"]
    urls = "tincoso.reports.urls"
    api_urls = "tincoso.reports.api_urls"
    demo_loader = "tincoso.reports.demo.load_demo"
    periodic = [("tincoso.reports.calendars.check_schedules", 3600)]

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from tincoso.reports.models import Report, Schedule

        auditlog.register(Report, exclude_fields=["figures", "activities"])
        auditlog.register(Schedule)
        from django.db.models.signals import post_migrate

        from tincoso.reports import contributions

        contributions.register()
        post_migrate.connect(contributions.build_if_missing, sender=self)
