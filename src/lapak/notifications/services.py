"""notify(): one call for every channel, sent only after the change that caused it has committed."""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

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
    """Queue messages for after commit: a rolled-back change sends nothing. In-app rows are written in one
    query; email and WhatsApp go out one by one, and a failing channel is logged without stopping the rest."""

    def send() -> None:
        Notification.objects.bulk_create(
            [Notification(user=m.user, title=m.title, body=m.body, url=m.url) for m in messages]
        )
        for m in messages:
            text = f"{m.title}\n{m.body}".strip()
            try:
                if m.user.email:
                    email_send(m.user.email, m.title, text)
                if m.user.phone:
                    whatsapp_sender().send(m.user.phone, text)
            except Exception:  # a mail server down must not lose the other messages
                log.exception("notification to user %s failed", m.user.pk)

    if messages:
        transaction.on_commit(send)


def notifications_mark_read(user) -> int:
    return Notification.objects.filter(user=user, read_at=None).update(read_at=timezone.now())
