"""``tincoso manage feedback_escalate``: report overdue feedback to the units above.

Idempotent; run it from cron or a timer, e.g. hourly.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tincoso.feedback.services import escalate_overdue


class Command(BaseCommand):
    help = "Escalate overdue feedback to the parent unit. Báo lên cấp trên ý kiến quá hạn."

    def handle(self, *args: Any, **options: Any) -> None:
        count = escalate_overdue()
        self.stdout.write(f"escalated: {count}")
