"""Masking of personal data (UU PDP 27/2022) for screens, audit entries and logs."""

import logging
import re

from django.views.debug import SafeExceptionReporterFilter

MASK = "\u2022"  # •


def mask_nik(nik: str | None) -> str:
    """3213010101900001 -> 3213••••••••0001: the regency stays readable, the person does not."""
    if not nik:
        return ""
    return nik[:4] + MASK * (len(nik) - 8) + nik[-4:]


def mask_nip(nip: str | None) -> str:
    """198503102010011002 -> 1985••••••••••1002."""
    if not nip:
        return ""
    return nip[:4] + MASK * (len(nip) - 8) + nip[-4:]


def mask_phone(phone: str | None) -> str:
    """+6281234567890 -> +62812••••7890."""
    if not phone:
        return ""
    return phone[:6] + MASK * max(len(phone) - 10, 0) + phone[-4:]


def mask_email(email: str | None) -> str:
    if not email or "@" not in email:
        return ""
    name, domain = email.split("@", 1)
    return name[:1] + MASK * 3 + "@" + domain


# NIK (16) and NIP (18) digit runs, and Indonesian mobile numbers in any common spelling.
_LONG_NUMBER = re.compile(r"(?<!\d)(\d{4})\d{8,10}(\d{4})(?!\d)")
_PHONE = re.compile(r"(?<![\d+])(\+62|62|0)(8\d{2})[\s-]?\d{3,4}[\s-]?(\d{3,5})(?!\d)")


def mask_text(text: str) -> str:
    text = _LONG_NUMBER.sub(lambda m: m.group(1) + MASK * 8 + m.group(2), text)
    return _PHONE.sub(lambda m: m.group(1) + m.group(2) + MASK * 4 + m.group(3)[-3:], text)


class MaskPersonalDataFilter(logging.Filter):
    """Masks NIK, NIP and phone numbers in every log record, whatever code wrote it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class MaskingExceptionReporterFilter(SafeExceptionReporterFilter):
    """Django's error report with passwords hidden (as always) and NIK, NIP and phone numbers masked in the
    request's POST data and in the local variables of every frame."""

    def get_post_parameters(self, request):
        params = super().get_post_parameters(request)
        if not params:
            return params
        masked = params.copy()
        for key in masked:
            secret = self.hidden_settings.search(key)  # password, token, key, secret…
            values = [self.cleansed_substitute if secret else mask_text(str(v)) for v in params.getlist(key)]
            masked.setlist(key, values)
        return masked

    def cleanse_special_types(self, request, value):
        value = super().cleanse_special_types(request, value)
        return mask_text(value) if isinstance(value, str) else value
