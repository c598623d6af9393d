"""Reminders before the deadline: to ASN still short, once per reminder day, never to the exempt."""

import datetime

from django.core.management import call_command

from lapak.notifications.models import Notification
from lapak.orders.instore import instore_claim, instore_confirm
from lapak.program.models import Asn, ReminderSent
from lapak.program.reminders import reminders_send
from lapak.program.rules import JAKARTA
from tests.factories import make_user
from tests.program.test_obligation import asn_of, make_rule

NOVEMBER = datetime.date(2026, 11, 1)


def at(day: int) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, 9, 0, tzinfo=JAKARTA)


def test_reminders_go_to_the_short_once_per_day_before(market, settings, django_capture_on_commit_callbacks):
    settings.LAPAK_REMINDER_DAYS = [7, 3, 1]
    make_rule(period=NOVEMBER, amount=50_000)
    short = asn_of(market.buyer)
    done = asn_of(make_user(name="Sudah"))
    asn_of(make_user(name="Cuti"), status=Asn.Status.CUTI_BESAR)
    claim = instore_claim(buyer=done.user, merchant=market.asep, amount=50_000)
    claim.created_at = at(2)
    claim.save(update_fields=["created_at"])
    instore_confirm(claim=claim, actor=market.asep_owner)

    def run(day):
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_send(now=at(day))

    assert run(20) == 0  # H-10: nothing due yet
    assert run(23) == 1  # H-7
    assert run(23) == 0 and run(25) == 0  # never twice; H-5 is not a reminder day
    assert run(27) == 1  # H-3
    assert run(30) == 1  # H-0 counts as past H-1: the last reminder, once
    assert run(30) == 0
    reminders = Notification.objects.filter(title__startswith="Kurang ")
    texts = list(reminders.filter(user=market.buyer).values_list("title", flat=True))
    assert len(texts) == 3 and "Kurang Rp50.000 lagi" in texts[0]
    assert not reminders.filter(user__name__in=["Sudah", "Cuti"]).exists()
    assert set(ReminderSent.objects.values_list("asn_id", flat=True)) == {short.pk}


def test_a_missed_cron_day_sends_one_message_not_a_pile(market, settings, django_capture_on_commit_callbacks):
    settings.LAPAK_REMINDER_DAYS = [7, 3, 1]
    make_rule(period=NOVEMBER, amount=50_000)
    asn_of(market.buyer)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(now=at(29)) == 1  # H-1, nothing sent before
        assert reminders_send(now=at(29)) == 0
    assert Notification.objects.filter(user=market.buyer).count() == 1


def test_the_command_runs_without_a_rule(db):
    call_command("send_reminders")
