"""In-app notifications, also mailed to people who have an address.

Mail goes out after the transaction commits, so a rolled-back change never
announces itself; a mail server that is down loses the mail, not the change
(the in-app notification stays).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from tincoso.core.models import Notification

logger = logging.getLogger(__name__)


def notify(users: Iterable[Any], subject: str, body: str, url: str = "") -> list[Notification]:
    users = [u for u in users if u.is_active]
    made = Notification.objects.bulk_create(
        [Notification(user=u, subject=subject[:255], body=body, url=url) for u in users]
    )
    addresses = sorted({u.email for u in users if u.email})
    if addresses:
        link = f"{settings.SITE_URL}{url}" if url else ""
        text = f"{body}\n\n{link}".strip()

        def _mail() -> None:
            try:
                send_mail(subject, text, None, addresses)
            except OSError:
                logger.exception("notification mail failed: %s", subject)

        transaction.on_commit(_mail)
    return made
