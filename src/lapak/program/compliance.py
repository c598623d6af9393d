"""Compliance for the current month, live: per OPD (aggregates, for pimpinan and DKUPP) and within one OPD
(names of those still short, for that OPD's admin only)."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from lapak.accounts.models import User
from lapak.core.audit import audit_record
from lapak.core.money import format_rupiah
from lapak.notifications.services import Message, notify

from .close import standings
from .models import Opd
from .rules import period_of, rule_for

TALLY = {"memenuhi": "met", "belum_memenuhi": "short", "dikecualikan": "exempt"}


@dataclass
class OpdCompliance:
    opd_id: int
    code: str
    met: int = 0
    short: int = 0
    exempt: int = 0
    rows: list = field(default_factory=list)  # the OPD's own standings, for its admin only

    @property
    def percent(self) -> int:
        """Share of ASN with an obligation who met it."""
        owed = self.met + self.short
        return self.met * 100 // owed if owed else 100


def compliance_by_opd(period: datetime.date | None = None) -> tuple[object, list[OpdCompliance]]:
    """(rule, per-OPD aggregates) for the period, worst first; (None, []) while there is no rule."""
    period = period or period_of()
    rule = rule_for(period)
    if rule is None:
        return None, []
    counts = {}
    for row in standings(period, rule):
        entry = counts.setdefault(row["opd_id"], OpdCompliance(row["opd_id"], row["opd_code"]))
        name = TALLY[row["status"]]
        setattr(entry, name, getattr(entry, name) + 1)
    return rule, sorted(counts.values(), key=lambda c: (c.percent, c.code))


def opd_compliance(opd: Opd, period: datetime.date | None = None) -> OpdCompliance | None:
    """One OPD's standings, with who is still short; None while there is no rule."""
    period = period or period_of()
    rule = rule_for(period)
    if rule is None:
        return None
    rows = standings(period, rule, where="WHERE opd_id = %s", params=[opd.pk])
    tally = Counter(TALLY[row["status"]] for row in rows)
    return OpdCompliance(opd.pk, opd.code, tally["met"], tally["short"], tally["exempt"], rows=rows)


def opd_remind(*, opd: Opd, actor) -> int:
    """The OPD admin reminds everyone in the agency who is still short."""
    compliance = opd_compliance(opd)
    if compliance is None:
        return 0
    short = [row for row in compliance.rows if row["status"] == "belum_memenuhi"]
    users = User.objects.in_bulk([row["user_id"] for row in short])
    with transaction.atomic():
        notify(
            [
                Message(
                    users[row["user_id"]],
                    _("Pengingat dari %(opd)s: kurang %(left)s lagi untuk kewajiban belanja bulan ini.")
                    % {"opd": opd.name, "left": format_rupiah(row["obligation"] - row["counted"])},
                    url=reverse("program:asn_home"),
                )
                for row in short
            ]
        )
        audit_record(actor=actor, action="program.opd_remind", obj=opd, changes={"asn": len(short)})
    return len(short)
