from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "tincoso.documents"
    label = "documents"
    verbose_name = _("Văn bản chỉ đạo")
    nav = [
        ("document-register", _("Văn bản")),
        ("inbox-home", _("Văn bản đến")),
        ("handling-mine", _("Được giao xử lý")),
    ]
    todo = ["tincoso.documents.todo.directives", "tincoso.documents.handling.todo.assignments"]
    urls = "tincoso.documents.urls"
    api_urls = "tincoso.documents.api_urls"
    demo_loader = "tincoso.documents.demo.load_demo"
    metrics = ["tincoso.documents.services.metrics"]

    @property
    def periodic(self) -> list[tuple[str, int]]:
        from django.conf import settings

        # Imports whose reader died are looked for twice a lease (documents.leases).
        lease = max(2, int(settings.IMPORT_LEASE_SECONDS))
        return [
            ("tincoso.documents.dispatching.check_deadlines", 300),
            ("tincoso.documents.handling.reminders.send_reminders", 300),
            ("tincoso.documents.leases.requeue_lost", lease // 2),
        ]

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from tincoso.documents.models import (
            Assignment,
            Dispatch,
            Document,
            Handover,
            Instruction,
        )

        auditlog.register(Document, exclude_fields=["text", "search_text"])
        auditlog.register(Dispatch)
        # Who gave, changed, completed or handed over what, and when (NĐ 30 Phụ lục VI III.5(a)).
        for model in (Instruction, Assignment, Handover):
            auditlog.register(model)

        from tincoso.documents.search_source import register_source

        register_source()  # registered documents in the one search (tincoso.search)
