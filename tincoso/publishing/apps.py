from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "tincoso.publishing"
    label = "publishing"
    verbose_name = _("Tin bài và trang thông tin")
    nav = [("item-list", _("Tin bài"))]
    todo = ["tincoso.publishing.todo.approvals"]
    document_actions = [("item-new", _("Soạn tin từ văn bản"))]
    urls = "tincoso.publishing.urls"
    api_urls = "tincoso.publishing.api_urls"
    demo_loader = "tincoso.publishing.demo.load_demo"
    periodic = [("tincoso.publishing.services.publish_due", 60)]

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from tincoso.publishing.models import Item, ItemAttachment, ItemImage, ItemVersion

        auditlog.register(Item)
        auditlog.register(ItemVersion, exclude_fields=["body_html"])
        # Who made a file added after approval public (four eyes, services.approve_files).
        auditlog.register(ItemImage, include_fields=["pending", "alt"])
        auditlog.register(ItemAttachment, include_fields=["pending", "name"])

        from django.apps import apps
        from django.db.models.signals import post_delete, post_save

        from tincoso.publishing.caching import PORTAL_SOURCES, touch
        from tincoso.publishing.search_source import register_source

        register_source()  # published items in the one search (tincoso.search)

        for label in PORTAL_SOURCES:
            model = apps.get_model(label)
            for signal in (post_save, post_delete):
                signal.connect(touch, sender=model, weak=False, dispatch_uid=f"portal:{label}")
