"""NIK, NIP and phone numbers never reach a log handler or an error report in clear."""

import io
import logging

import pytest
from django.test import RequestFactory
from django.views.debug import ExceptionReporter

from tests.factories import make_user

NIK, PHONE = "3213015709900001", "081234567890"


@pytest.fixture
def log_output():
    """What the configured handlers write, whichever logger the record came from."""
    stream, swapped = io.StringIO(), {}
    for name in ("", "django", "django.request", "lapak", "lapak.payments"):
        for handler in logging.getLogger(name).handlers:
            if isinstance(handler, logging.StreamHandler) and handler not in swapped:
                swapped[handler] = handler.setStream(stream)
    assert swapped, "no stream handler is configured"
    yield stream
    for handler, original in swapped.items():
        handler.setStream(original)


def test_requests_and_failed_logins_log_masked(client, db, log_output):
    make_user(phone="+6281234567890")
    client.get(f"/produk/{NIK}/")  # django.request: "Not Found: /produk/3213…"
    client.post("/masuk/", {"username": PHONE, "password": "salah"})
    logging.getLogger("lapak.payments").warning("notifikasi untuk %s dari %s", NIK, PHONE)
    written = log_output.getvalue()
    assert "Not Found" in written and "3213" in written
    assert NIK not in written and "1234567890" not in written


def test_an_error_report_masks_the_posted_nik_and_phone(db):
    request = RequestFactory().post("/usaha/baru/", {"nik": NIK, "hp": PHONE, "password": "rahasia"})
    try:
        raise ValueError("gagal")
    except ValueError as exc:
        report = ExceptionReporter(request, type(exc), exc, exc.__traceback__).get_traceback_text()
    assert NIK not in report and PHONE not in report and "rahasia" not in report
    assert "3213" in report  # masked, not dropped: the report still helps
