"""Payment gateway notifications. No session or token: each request proves itself (Midtrans: its SHA-512
signature; Xendit: the shared callback token). A refused request gets 403 and is logged."""

from ninja import Header, Router
from ninja.errors import HttpError

from .services import midtrans_notification_handle, xendit_callback_handle
from .views import notification_body

router = Router(tags=["Notifikasi gateway pembayaran"])


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
