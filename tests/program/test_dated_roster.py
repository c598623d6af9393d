"""A month seals under the roster as it stood when the month began: a TPP raise or a new golongan synced
later (even before the month is closed) never rewrites it, and the live page and the close agree."""

import datetime

import pytest

from lapak.program.close import period_close, standings
from lapak.program.models import Asn, ObligationRule, ObligationTableRow
from lapak.program.roster import roster_sync
from lapak.program.rules import obligation, period_bounds, roster_in_month
from tests.program.test_roster import HEADERS, SITI, write  # noqa: F401  (HEADERS: the file's columns)

NOVEMBER, DECEMBER = datetime.date(2026, 11, 1), datetime.date(2026, 12, 1)


def rule(period, **fields) -> ObligationRule:
    fields.setdefault("kind", ObligationRule.Kind.PERCENT)
    fields.setdefault("percent_bp", 1_000)  # 10% of TPP
    return ObligationRule.objects.create(
        period=period,
        legal_basis="Perbup Subang No. 12 Tahun 2026",
        legal_date=datetime.date(2026, 1, 3),
        **fields,
    )


def sync(tmp_path, name, today, **cells):
    row = list(SITI)
    for column, value in cells.items():
        row[HEADERS.index(column)] = value
    result = roster_sync(write(tmp_path, [row], name), actor=None, today=today)
    assert result.rejected == [], result.rejected
    return Asn.objects.get(nip=SITI[0])


def after_grace(period):
    return period_bounds(period)[1] + datetime.timedelta(days=30)


def sealed_obligation(period) -> int:
    close = period_close(period=period, actor=None, now=after_grace(period))
    return close.lines.get(nip=SITI[0]).obligation


@pytest.fixture
def siti(tmp_path, regions):
    from tests.factories import make_opd

    make_opd("DINKES", "Dinas Kesehatan")
    return sync(tmp_path, "awal.csv", datetime.date(2026, 10, 20), TPP="2.000.000")


def test_a_tpp_raise_synced_in_december_does_not_rewrite_november(tmp_path, siti):
    november = rule(NOVEMBER)
    sync(tmp_path, "naik.csv", datetime.date(2026, 12, 5), TPP="4.000.000")  # before November is closed
    asn = Asn.objects.get(pk=siti.pk)
    assert asn.tpp_amount == 4_000_000
    assert obligation(november, *roster_in_month(asn, NOVEMBER)).amount == 200_000
    assert standings(NOVEMBER, november)[0]["obligation"] == 200_000
    assert sealed_obligation(NOVEMBER) == 200_000
    december = rule(DECEMBER)  # the raise took effect on 5 December: December still starts at the old TPP
    assert obligation(december, *roster_in_month(asn, DECEMBER)).amount == 200_000


def test_a_change_during_the_month_applies_from_the_next_month(tmp_path, siti):
    november, december = rule(NOVEMBER), rule(DECEMBER)
    sync(tmp_path, "naik.csv", datetime.date(2026, 11, 20), TPP="3.000.000")
    asn = Asn.objects.get(pk=siti.pk)
    assert obligation(november, *roster_in_month(asn, NOVEMBER)).amount == 200_000  # as on 1 November
    assert obligation(december, *roster_in_month(asn, DECEMBER)).amount == 300_000
    assert sealed_obligation(NOVEMBER) == 200_000
    assert sealed_obligation(DECEMBER) == 300_000


def test_a_table_rule_reads_the_golongan_of_the_months_first_day(tmp_path, siti):
    table = rule(NOVEMBER, kind=ObligationRule.Kind.TABLE, percent_bp=None)
    ObligationTableRow.objects.create(rule=table, golongan="III/b", amount=150_000)
    ObligationTableRow.objects.create(rule=table, golongan="III/c", amount=250_000)
    sync(tmp_path, "naik-pangkat.csv", datetime.date(2026, 12, 2), Golongan="III/c")
    asn = Asn.objects.get(pk=siti.pk)
    assert asn.golongan == "III/c"
    assert obligation(table, *roster_in_month(asn, NOVEMBER)).amount == 150_000
    assert sealed_obligation(NOVEMBER) == 150_000


def test_closing_the_same_month_again_from_scratch_gives_the_same_seal_after_later_syncs(tmp_path, siti):
    from lapak.program.close import canonical_hash
    from lapak.program.models import PeriodClose

    november = rule(NOVEMBER)
    close = period_close(period=NOVEMBER, actor=None, now=after_grace(NOVEMBER))
    sync(tmp_path, "naik.csv", datetime.date(2026, 12, 8), TPP="9.000.000", Golongan="IV/a")
    PeriodClose.objects.filter(pk=close.pk).delete()  # an auditor recomputes from scratch
    again = period_close(period=NOVEMBER, actor=None, now=after_grace(NOVEMBER))
    assert again.sha256 == close.sha256 == canonical_hash(again, november)[0]
