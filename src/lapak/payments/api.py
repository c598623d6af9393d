"""Payment gateway notifications. No session or token: each request proves itself (Midtrans: its SHA-512
signature; Xendit: the shared callback token). A refused request gets 403 and is logged."""

import json

from ninja import Header, Router
from ninja.errors import HttpError

from .services import midtrans_notification_handle, xendit_callback_handle

router = Router(tags=["Notifikasi gateway pembayaran"])


def notification_body(request) -> dict:
    """The JSON object a gateway posted; anything else reads as empty (and then fails its signature)."""
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


@router.post("/midtrans", auth=None, summary="HTTP notification Midtrans")
def midtrans(request) -> dict[str, bool]:
    if not midtrans_notification_handle(notification_body(request)):
        raise HttpError(403, "signature_key tidak cocok")
    return {"ok": True}


@router.post("/xendit", auth=None, summary="Callback Xendit")
def xendit(request, token: str = Header("", alias="x-callback-token")) -> dict[str, bool]:
    if not xendit_callback_handle(token, notification_body(request)):
        raise HttpError(403, "x-callback-token tidak cocok")
    return {"ok": True}
