"""Where a message goes besides the app: email through Django's mail backend, WhatsApp through an adapter.

The WhatsApp adapter is chosen by LAPAK_WHATSAPP_SENDER (a dotted path). The default only logs, with the
phone number masked: a real sender (a WhatsApp Business API provider) plugs in behind the same interface.
"""

import logging
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from lapak.core.privacy import mask_phone

log = logging.getLogger("lapak.notifications")


class WhatsAppSender(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class LoggingWhatsAppSender:
    """Writes what would be sent to the log; nothing leaves the server."""

    def send(self, phone: str, text: str) -> None:
        log.info("whatsapp to %s: %s", mask_phone(phone), text)


def whatsapp_sender() -> WhatsAppSender:
    return import_string(settings.LAPAK_WHATSAPP_SENDER)()


def email_send(address: str, subject: str, text: str) -> None:
    send_mail(subject, text, None, [address], fail_silently=False)
