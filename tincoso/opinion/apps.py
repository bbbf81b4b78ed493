from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpinionConfig(AppConfig):
    name = "tincoso.opinion"
    label = "opinion"
    verbose_name = _("Dư luận xã hội")
    nav = [("opinion-dashboard", _("Dư luận"))]
    urls = "tincoso.opinion.urls"
    api_urls = "tincoso.opinion.api_urls"
    demo_loader = "tincoso.opinion.demo.load_demo"
    # Emerging topics are looked for hourly; each notice is sent once (a claimed row).
    periodic = [("tincoso.opinion.emerging.check_emerging", 60 * 60)]

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from tincoso.opinion.models import Collaborator, Note, Topic

        # Who filed a note stays out of the audit log, which admins of the subtree read.
        auditlog.register(Note, exclude_fields=["filed_by"])
        auditlog.register(Collaborator)
        auditlog.register(Topic)
