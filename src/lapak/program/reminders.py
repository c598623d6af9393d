"""Reminders before the month's deadline (the last day of the month, Asia/Jakarta) to ASN still short.

At each of LAPAK_REMINDER_DAYS (e.g. H-7, H-3, H-1) an ASN who has not met the obligation gets one message,
in the app, by email and by WhatsApp; exempt ASN and those already there get none. A day the cron job missed
is caught up by the next run — with one message, the most urgent — and a reminder is never sent twice.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.accounts.models import User
from lapak.core.money import format_rupiah
from lapak.notifications.services import Message, notify

from .close import standings
from .models import ReminderSent
from .rules import JAKARTA, period_bounds, period_of, rule_for


def reminders_send(now: datetime.datetime | None = None) -> int:
    """Send what is due now; returns how many ASN were reminded. Idempotent (cron, daily)."""
    now = now or timezone.now()
    period = period_of(now)
    rule = rule_for(period)
    if rule is None:
        return 0
    _start, end = period_bounds(period)
    last_day = end.date() - datetime.timedelta(days=1)
    days_before = (last_day - now.astimezone(JAKARTA).date()).days  # H-n
    due = sorted(n for n in settings.LAPAK_REMINDER_DAYS if days_before <= n)
    if not due:
        return 0
    short = standings(period, rule, where="WHERE status = 'belum_memenuhi'")
    done = set(
        ReminderSent.objects.filter(period=period, days_before=due[0]).values_list("asn_id", flat=True)
    )
    targets = [row for row in short if row["asn_id"] not in done]
    if not targets:
        return 0
    users = User.objects.in_bulk([row["user_id"] for row in targets])
    with transaction.atomic():
        ReminderSent.objects.bulk_create(
            [
                ReminderSent(asn_id=row["asn_id"], period=period, days_before=n)
                for row in targets
                for n in due
            ],
            ignore_conflicts=True,  # an earlier, less urgent reminder may already be recorded
        )
        notify(
            [
                Message(
                    users[row["user_id"]],
                    _("Kurang %(left)s lagi untuk kewajiban belanja bulan ini, %(days)d hari tersisa.")
                    % {"left": format_rupiah(row["obligation"] - row["counted"]), "days": days_before + 1},
                    url=reverse("program:asn_home"),
                )
                for row in targets
            ]
        )
    return len(targets)
