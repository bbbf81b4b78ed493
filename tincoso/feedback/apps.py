from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "tincoso.feedback"
    label = "feedback"
    verbose_name = _("Ý kiến nhân dân và đính chính")
    nav = [("feedback-inbox", _("Ý kiến")), ("correction-list", _("Đính chính"))]
    todo = ["tincoso.feedback.todo.feedback", "tincoso.feedback.todo.corrections"]
    urls = "tincoso.feedback.urls"
    api_urls = "tincoso.feedback.api_urls"
    demo_loader = "tincoso.feedback.demo.load_demo"
    item_links = [("feedback-ask-about-item", _("Gửi câu hỏi về bài này"))]
    portal_links = [("feedback-submit", _("Gửi ý kiến")), ("qa-list", _("Hỏi đáp")),
                    ("corrections-public", _("Đính chính"))]
    # Overdue feedback is reported up the tree; idempotent, so the interval only sets
    # how soon after a deadline the parent unit hears of it.
    periodic = [("tincoso.feedback.services.escalate_overdue", 15 * 60)]
    metrics = ["tincoso.feedback.services.metrics"]

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from tincoso.feedback.models import Correction, CorrectionVersion, Feedback

        # Contact details stay out of the audit log: it is read more widely than the item.
        auditlog.register(Feedback, exclude_fields=[
            "search_text", "contact_name", "contact_phone", "contact_email", "text", "photo"])
        auditlog.register(Correction)
        auditlog.register(CorrectionVersion)
