"""Notifications go out after commit only, on every channel, and a failing channel stops nothing else."""

import pytest
from django.db import transaction

from lapak.notifications.models import Notification
from lapak.notifications.services import Message, notify
from tests.factories import make_user


def test_nothing_is_sent_for_a_rolled_back_change(db, mailoutbox, django_capture_on_commit_callbacks):
    user = make_user(email="siti@contoh.id")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        notify([Message(user, "Pesanan dibuat")])
        raise RuntimeError("the checkout failed after all")
    assert not Notification.objects.exists() and mailoutbox == []


def test_after_commit_every_channel_is_used(db, mailoutbox, caplog, django_capture_on_commit_callbacks):
    user = make_user(email="siti@contoh.id", phone="+6281234500077")
    caplog.set_level("INFO", logger="lapak.notifications")
    with django_capture_on_commit_callbacks(execute=True):
        notify([Message(user, "Pesanan LPK-0000001 dikirim", url="/pesanan/1/")])
    assert Notification.objects.get(user=user).title == "Pesanan LPK-0000001 dikirim"
    assert mailoutbox[0].subject == "Pesanan LPK-0000001 dikirim" and mailoutbox[0].to == ["siti@contoh.id"]
    assert "+6281234500077" not in caplog.text and "whatsapp to +62812" in caplog.text  # masked


def test_a_failing_mail_server_does_not_stop_the_others(
    db, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.notifications.test_notifications.BrokenBackend"
    users = [make_user(email=f"u{i}@contoh.id") for i in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        notify([Message(u, "Halo") for u in users])
    assert Notification.objects.count() == 2


class BrokenBackend:
    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp down")


def test_the_inbox_shows_and_marks_read(client, db):
    user = make_user()
    Notification.objects.create(user=user, title="Pesanan baru LPK-0000009.", url="/pesanan/9/")
    client.force_login(user)
    assert 'data-testid="unread">1<' in client.get("/cari/").content.decode()
    assert "Pesanan baru LPK-0000009." in client.get("/notifikasi/").content.decode()
    assert Notification.objects.get().read_at is not None
