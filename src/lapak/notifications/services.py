"""notify(): one call for every channel; nothing leaves Lapak before the change behind it has committed."""

import logging
import threading
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lapak.core.bulk import insert_objects

from .models import Notification
from .senders import email_send, whatsapp_sender

log = logging.getLogger("lapak.notifications")


@dataclass(frozen=True)
class Message:
    user: object  # accounts.User
    title: str
    body: str = ""
    url: str = ""


def notify(messages: list[Message]) -> None:
    """In-app rows are written now, in one query inside the caller's transaction, so they share its fate;
    email and WhatsApp go out only after commit (a rolled-back change sends nothing), from a background
    thread (inline with LAPAK_RUN_JOBS_INLINE), so a slow mail server never holds up a checkout, and a
    failing channel is logged without stopping the rest."""
    if not messages:
        return
    insert_objects([Notification(user=m.user, title=m.title, body=m.body, url=m.url) for m in messages])
    outgoing = [
        (m.user.pk, m.user.email, m.user.phone, m.title, f"{m.title}\n{m.body}".strip()) for m in messages
    ]

    def send() -> None:
        if settings.LAPAK_RUN_JOBS_INLINE:
            _deliver(outgoing)
        else:
            threading.Thread(target=_deliver, args=(outgoing,), daemon=True, name="notify").start()

    transaction.on_commit(send)


def _deliver(outgoing) -> None:
    for user_id, email, phone, subject, text in outgoing:
        try:
            if email:
                email_send(email, subject, text)
            if phone:
                whatsapp_sender().send(phone, text)
        except Exception:  # a mail server down must not lose the other messages
            log.exception("notification to user %s failed", user_id)


def notifications_mark_read(user) -> int:
    return Notification.objects.filter(user=user, read_at=None).update(read_at=timezone.now())
