"""The month-end close: the same numbers as the live progress, a deterministic seal, all or nothing."""

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from lapak.accounts.roles import Role
from lapak.core.models import AuditEntry
from lapak.orders.instore import instore_claim, instore_confirm
from lapak.orders.models import InStorePurchase, Order
from lapak.orders.services import complaint_open
from lapak.payments.services import complaint_settle
from lapak.program import close as close_module
from lapak.program.close import period_close
from lapak.program.counting import contributions
from lapak.program.models import (
    Asn,
    AsnChange,
    CloseLine,
    Correction,
    ObligationRule,
    ObligationTableRow,
    PeriodClose,
)
from lapak.program.rules import obligation, period_bounds, period_of, roster_in_month
from tests.factories import make_user
from tests.program.test_obligation import asn_of, buy, complete, make_rule

AFTER_GRACE = datetime.timedelta(days=40)


@pytest.fixture
def month(market):
    """This month: an ASN who spent at two shops, one who spent little, one on leave."""
    period = period_of()
    asn_of(market.buyer, tpp_amount=1_000_000)
    complete(market, buy(market, "a", 2), market.euis_owner)  # Rp50.000 at Euis
    complete(market, buy(market, "b", 2), market.euis_owner)  # Rp50.000 more at Euis
    instore_confirm(
        claim=instore_claim(buyer=market.buyer, merchant=market.asep, amount=30_000), actor=market.asep_owner
    )
    little = asn_of(make_user(Role.ASN, name="Budi"), tpp_amount=2_000_000)
    instore_confirm(
        claim=instore_claim(buyer=little.user, merchant=market.asep, amount=5_000), actor=market.asep_owner
    )
    asn_of(make_user(name="Cici"), status=Asn.Status.CUTI_BESAR)
    return period


def close_now(period, actor=None):
    _start, end = period_bounds(period)
    return period_close(period=period, actor=actor, now=end + AFTER_GRACE)


@pytest.mark.parametrize("share_cap", [6000, None])
@pytest.mark.parametrize("kind", ["tetap", "persen_tpp", "tabel"])
def test_the_close_agrees_with_the_live_count_for_every_rule_kind(market, month, kind, share_cap):
    rule = make_rule(
        period=month,
        kind=kind,
        amount=100_000 if kind == "tetap" else None,
        percent_bp=1000,
        minimum=60_000,
        max_share_per_merchant_bp=share_cap,
    )
    if kind == "tabel":
        ObligationTableRow.objects.create(rule=rule, golongan="III/b", amount=90_000)
        ObligationTableRow.objects.create(rule=rule, kelas_jabatan=7, amount=120_000)
        ObligationTableRow.objects.create(rule=rule, eselon="IV.b", golongan="III/b", amount=150_000)
        Asn.objects.filter(user__name="Budi").update(kelas_jabatan=7)
        Asn.objects.filter(user=market.buyer).update(eselon="IV.b")
    close = close_now(month)
    start, end = period_bounds(month)
    lines = {line.asn_id: line for line in CloseLine.objects.filter(close=close)}
    assert len(lines) == 3 == close.lines_count
    for asn in Asn.objects.select_related("user"):
        owed = obligation(rule, asn)
        counted = sum(i.counted for i in contributions(asn.user, rule, start, end, owed.amount))
        line = lines[asn.pk]
        assert (line.obligation, line.counted) == (owed.amount, counted), asn.user.name
        expected = (
            "dikecualikan" if owed.exempt else ("memenuhi" if counted >= owed.amount else "belum_memenuhi")
        )
        assert line.status == expected


def test_statuses_and_the_share_cap(market, month):
    make_rule(period=month, amount=100_000, max_share_per_merchant_bp=6000)  # at most Rp60.000 at one shop
    close = close_now(month)
    by_name = {line.name: line for line in close.lines.all()}
    assert by_name["Siti Pembeli"].counted == 90_000  # Rp100.000 at Euis capped to Rp60.000, + Rp30.000
    assert by_name["Siti Pembeli"].status == "belum_memenuhi"
    assert (by_name["Budi"].counted, by_name["Budi"].status) == (5_000, "belum_memenuhi")
    assert (by_name["Cici"].obligation, by_name["Cici"].status) == (0, "dikecualikan")


def test_under_a_share_cap_who_bought_nothing_counts_nothing_and_who_is_exempt_keeps_their_spend(
    market, month
):
    # PostgreSQL's LEAST(NULL, cap) is the cap, not NULL: a non-buyer once counted a full share there.
    rule = make_rule(period=month, amount=100_000, max_share_per_merchant_bp=10_000)
    asn_of(make_user(Role.ASN, name="Dedi"), tpp_amount=1_000_000)
    cici = Asn.objects.get(user__name="Cici")
    instore_confirm(
        claim=instore_claim(buyer=cici.user, merchant=market.asep, amount=7_000), actor=market.asep_owner
    )
    close = close_now(month)
    by_name = {line.name: line for line in close.lines.all()}
    assert (by_name["Dedi"].obligation, by_name["Dedi"].counted, by_name["Dedi"].status) == (
        100_000,
        0,
        "belum_memenuhi",
    )
    start, end = period_bounds(month)
    live = sum(i.counted for i in contributions(cici.user, rule, start, end, 0))
    assert by_name["Cici"].counted == live == 7_000
    assert by_name["Cici"].status == "dikecualikan"


def test_the_seal_is_deterministic_and_closing_twice_changes_nothing(market, month):
    make_rule(period=month, amount=80_000)
    first = close_now(month)
    assert len(first.sha256) == 64 and close_now(month).pk == first.pk
    sealed = first.sha256
    PeriodClose.objects.all().delete()  # recompute from scratch: the same content gives the same hash
    assert close_now(month).sha256 == sealed


def test_anyone_can_recompute_the_seal_from_the_lines_as_documented(market, month):
    rule = make_rule(period=month, amount=80_000)
    close = close_now(month)
    header = f"lapak-close|{month:%Y-%m}|rule={rule.pk}|{rule.kind}|{rule.legal_basis}|{rule.legal_date}\n"
    lines = "".join(
        f"{line.nip}|{line.obligation}|{line.counted}|{line.status}\n" for line in close.lines.order_by("nip")
    )
    assert close.lines_count == 3
    assert close.sha256 == hashlib.sha256((header + lines).encode()).hexdigest()


def test_a_crash_midway_leaves_no_half_closed_month(market, month, monkeypatch):
    make_rule(period=month, amount=80_000)

    def crash(close, rule):
        raise RuntimeError("power cut while sealing")

    monkeypatch.setattr(close_module, "canonical_hash", crash)
    with pytest.raises(RuntimeError):
        close_now(month)
    assert not PeriodClose.objects.exists() and not CloseLine.objects.exists()


def test_not_before_the_grace_period_and_not_without_a_rule(market, month):
    with pytest.raises(ValidationError, match="Belum ada aturan"):
        close_now(month)
    rule = make_rule(period=month, amount=80_000, grace_days=5)
    _start, end = period_bounds(month)
    with pytest.raises(ValidationError, match="masa tenggang"):
        period_close(period=month, actor=None, now=end + datetime.timedelta(days=4))
    period_close(period=month, actor=None, now=end + datetime.timedelta(days=5))
    rule.amount = 1
    with pytest.raises(ValidationError, match="sudah ditutup"):
        rule.save()  # a closed month's rule cannot change


def test_close_period_command(market, month, monkeypatch, capsys):
    make_rule(period=month, amount=80_000)
    _start, end = period_bounds(month)
    monkeypatch.setattr(close_module.timezone, "now", lambda: end + AFTER_GRACE)
    call_command("close_period", f"{month:%Y-%m}")
    out = capsys.readouterr().out
    close = PeriodClose.objects.get()
    assert close.sha256 in out and "3 ASN" in out


def test_dkupp_closes_the_month_and_downloads_the_list(client, market, month, monkeypatch):
    from lapak.core.models import AuditEntry

    make_rule(period=month, amount=80_000)
    _start, end = period_bounds(month)
    monkeypatch.setattr(close_module.timezone, "now", lambda: end + AFTER_GRACE)
    client.force_login(make_user(Role.ADMIN_DKUPP))
    page = client.get("/dkupp/penutupan/").content.decode()
    assert f"Tutup bulan {month:%m/%Y}" in page
    client.post("/dkupp/penutupan/", {"bulan": f"{month:%Y-%m-%d}"})
    close = PeriodClose.objects.get()
    assert close.sha256 in client.get("/dkupp/penutupan/").content.decode()
    csv = b"".join(client.get(f"/dkupp/penutupan/{close.pk}.csv").streaming_content).decode("utf-8-sig")
    assert "NIP,Nama,OPD" in csv and "Siti Pembeli" in csv and "Memenuhi" in csv
    xlsx = client.get(f"/dkupp/penutupan/{close.pk}.xlsx")
    assert f"daftar-tpp-{month:%Y-%m}-v1" in xlsx["Content-Disposition"]
    pdf = client.get(f"/dkupp/penutupan/{close.pk}.pdf")
    assert (
        pdf.content.startswith(b"%PDF") and f"daftar-tpp-{month:%Y-%m}-v1.pdf" in pdf["Content-Disposition"]
    )
    assert AuditEntry.objects.filter(action="program.tpp_list_export").count() == 3
    client.force_login(market.buyer)  # an ASN cannot
    assert client.get(f"/dkupp/penutupan/{close.pk}.csv").status_code == 403


def test_an_accepted_appeal_seals_a_new_version_and_keeps_the_old(
    market, month, django_capture_on_commit_callbacks
):
    from lapak.notifications.models import Notification
    from lapak.program.appeals import appeal_decide, appeal_submit, status_history

    make_rule(period=month, amount=80_000)
    first = close_now(month)
    budi = Asn.objects.get(user__name="Budi")
    old_line = first.lines.get(asn=budi)
    assert old_line.status == "belum_memenuhi"
    with pytest.raises(ValidationError, match="alasan"):
        appeal_submit(close=first, asn=budi, reason=" ")
    appeal = appeal_submit(
        close=first, asn=budi, reason="Belanja Rp80.000 di warung Asep tidak dikonfirmasi penjual"
    )
    with pytest.raises(ValidationError, match="masih diperiksa"):
        appeal_submit(close=first, asn=budi, reason="lagi")
    dkupp = make_user()
    with pytest.raises(ValidationError, match="status yang benar"):
        appeal_decide(appeal=appeal, actor=dkupp, accept=True, note="Terbukti dari mutasi QRIS")
    with django_capture_on_commit_callbacks(execute=True):
        appeal = appeal_decide(
            appeal=appeal,
            actor=dkupp,
            accept=True,
            note="Terbukti dari mutasi QRIS",
            new_status="memenuhi",
            new_counted=85_000,
        )
    second = appeal.result
    assert second.version == 2 and second.lines_count == first.lines_count and second.sha256 != first.sha256
    assert "Terbukti dari mutasi QRIS" in second.reason
    assert (second.lines.get(asn=budi).status, second.lines.get(asn=budi).counted) == ("memenuhi", 85_000)
    first.refresh_from_db()
    assert first.lines.get(asn=budi).status == "belum_memenuhi"  # the sealed version is untouched
    from lapak.program.close import canonical_hash

    assert canonical_hash(first, first.rule)[0] == first.sha256  # and still matches its seal
    others = {line.nip: line.status for line in second.lines.exclude(asn=budi)}
    assert others == {line.nip: line.status for line in first.lines.exclude(asn=budi)}
    assert [(h.version, h.status) for h in status_history(budi)] == [(2, "memenuhi"), (1, "belum_memenuhi")]
    assert Notification.objects.filter(user=budi.user, title__contains="diterima").exists()
    assert close_now(month).version == 2  # closing again returns the latest version
    with pytest.raises(ValidationError, match="sudah diputuskan"):
        appeal_decide(appeal=appeal, actor=dkupp, accept=False, note="x")


def test_appeal_pages_for_the_asn_and_dkupp(client, market, month):
    make_rule(period=month, amount=80_000)
    close = close_now(month)
    budi = Asn.objects.get(user__name="Budi")
    client.force_login(budi.user)
    page = client.get("/asn/riwayat/").content.decode()
    assert "Belum memenuhi" in page and f"Ajukan banding untuk {month:%m/%Y}" in page
    client.post("/asn/riwayat/", {"penutupan": close.pk, "alasan": "Belanja di Asep tidak terhitung"})
    client.force_login(make_user(Role.ADMIN_DKUPP))
    queue = client.get("/dkupp/banding/").content.decode()
    assert "Belanja di Asep tidak terhitung" in queue
    appeal = budi.appeals.get()
    client.post(
        "/dkupp/banding/",
        {
            "banding": appeal.pk,
            "aksi": "terima",
            "catatan": "Terbukti",
            "status": "memenuhi",
            "dihitung": "80.000",
        },
    )
    assert PeriodClose.objects.get(period=month, version=2).lines.get(asn=budi).counted == 80_000


def test_the_program_api(client, market, month, tmp_path):
    from tests.program.test_roster import SITI, write
    from tests.test_api import bearer

    make_rule(period=month, amount=80_000)
    asn_token = bearer(market.buyer)
    progress = client.get("/api/v1/program/progress", **asn_token).json()
    assert (progress["obligation"], progress["counted"]) == (80_000, 130_000)
    assert {p["reason"] for p in progress["purchases"]} >= {"Pesanan selesai.", "Dikonfirmasi penjual."}
    dkupp = bearer(make_user(Role.ADMIN_DKUPP))
    assert client.get(f"/api/v1/program/closes/{month:%Y-%m}", **dkupp).status_code == 404  # not closed yet
    close = close_now(month)
    body = client.get(f"/api/v1/program/closes/{month:%Y-%m}", **dkupp).json()
    assert body["sha256"] == close.sha256 and len(body["lines"]) == 3
    assert client.get(f"/api/v1/program/closes/{month:%Y-%m}", **asn_token).status_code == 403
    with write(tmp_path, [SITI]).open("rb") as f:
        checked = client.post("/api/v1/program/roster", {"file": f}, **dkupp).json()
    assert checked["dry_run"] and checked["created"] == 1 and not Asn.objects.filter(nip=SITI[0]).exists()
    with write(tmp_path, [SITI]).open("rb") as f:
        saved = client.post("/api/v1/program/roster?dry_run=false", {"file": f}, **dkupp).json()
    assert saved["created"] == 1 and Asn.objects.filter(nip=SITI[0]).exists()
    assert len(saved["missing"]) == 3  # the month's three ASN were not in this file: reported, kept


def test_the_close_prorates_like_the_live_count(market, month):
    rule = make_rule(period=month, amount=300_000)
    start, end = period_bounds(month)
    middle = month + datetime.timedelta(days=12)
    asn_of(make_user(name="Baru Masuk"), status_since=middle)
    asn_of(make_user(name="Mulai Cuti"), status=Asn.Status.CUTI_BESAR, status_since=middle)
    asn_of(make_user(name="Cuti Bulan Depan"), status=Asn.Status.CLTN, status_since=end.date())
    close = close_now(month)
    lines = {line.asn_id: line for line in close.lines.all()}
    for asn in Asn.objects.select_related("user"):
        owed = obligation(rule, asn)
        assert lines[asn.pk].obligation == owed.amount, asn.user.name
        assert (lines[asn.pk].status == "dikecualikan") == owed.exempt, asn.user.name
    by_name = {line.name: line for line in close.lines.all()}
    days = (end.date() - month).days
    assert by_name["Baru Masuk"].obligation == 300_000 * (days - 12) // days
    assert (
        by_name["Mulai Cuti"].obligation == 300_000 * 12 // days
        and by_name["Mulai Cuti"].status != "dikecualikan"
    )
    assert by_name["Cuti Bulan Depan"].obligation == 300_000


def test_several_status_changes_in_a_month_prorate_alike_in_the_close_and_the_live_count(market, month):
    rule = make_rule(period=month, amount=300_000)
    end = period_bounds(month)[1].date()
    days = (end - month).days

    def day(n):
        return month + datetime.timedelta(days=n)

    def changed(name, status, since, *steps):
        asn = asn_of(make_user(name=name), status=status, status_since=since)
        AsnChange.objects.bulk_create(
            [AsnChange(asn=asn, field="status", old=old, new=new, effective=at) for old, new, at in steps]
        )

    changed(
        "Cuti Sebentar", "aktif", day(15), ("aktif", "cuti_besar", day(5)), ("cuti_besar", "aktif", day(15))
    )
    changed("Masuk Lalu Cuti", "cltn", day(20), ("", "aktif", day(10)), ("aktif", "cltn", day(20)))
    changed("Berubah Bulan Depan", "cuti_besar", end, ("aktif", "cuti_besar", end))
    later = end + datetime.timedelta(days=2)
    changed(
        "Kembali Bulan Depan", "aktif", later, ("aktif", "cuti_besar", day(3)), ("cuti_besar", "aktif", later)
    )
    changed("Pensiun Awal Bulan", "pensiun", day(0), ("aktif", "pensiun", day(0)))
    close = close_now(month)
    lines = {line.asn_id: line for line in close.lines.all()}
    for asn in Asn.objects.select_related("user"):
        owed = obligation(rule, *roster_in_month(asn, month))
        assert lines[asn.pk].obligation == owed.amount, asn.user.name
        assert (lines[asn.pk].status == "dikecualikan") == owed.exempt, asn.user.name
    by_name = {line.name: line for line in close.lines.all()}
    assert by_name["Cuti Sebentar"].obligation == 300_000 * (days - 10) // days
    assert by_name["Masuk Lalu Cuti"].obligation == 300_000 * 10 // days
    assert by_name["Berubah Bulan Depan"].obligation == 300_000
    assert by_name["Kembali Bulan Depan"].obligation == 300_000 * 3 // days
    # pensiun is not exempt under this rule: a change on the first day keeps the whole month owed
    assert by_name["Pensiun Awal Bulan"].obligation == 300_000


def test_a_shop_counts_up_to_its_turnover_cap_in_time_order(market, month):
    """Euis: Siti's two Rp50.000 orders; Asep: Siti's Rp30.000 then Budi's Rp5.000. Rp32.000 a shop."""
    rule = make_rule(period=month, amount=100_000, max_turnover_per_merchant=32_000)
    close = close_now(month)
    by_name = {line.name: line for line in close.lines.all()}
    assert by_name["Siti Pembeli"].counted == 32_000 + 30_000
    assert by_name["Budi"].counted == 2_000
    start, end = period_bounds(month)
    items = contributions(market.buyer, rule, start, end, 100_000)
    assert sorted(i.counted for i in items) == [0, 30_000, 32_000]
    assert sum("batas omzet program Rp32.000" in i.reason for i in items) == 2
    budi = Asn.objects.get(user__name="Budi")
    (claim,) = contributions(budi.user, rule, start, end, 100_000)
    assert claim.counted == 2_000


def test_an_order_for_the_agency_never_counts_for_the_person(market, month):
    rule = make_rule(period=month, amount=100_000)
    opd = Asn.objects.get(user=market.buyer).opd
    first = Order.objects.filter(buyer=market.buyer).order_by("pk").first()
    Order.objects.filter(pk=first.pk).update(for_agency=opd)
    close = close_now(month)
    assert close.lines.get(name="Siti Pembeli").counted == 50_000 + 30_000
    start, end = period_bounds(month)
    (item,) = [
        i
        for i in contributions(market.buyer, rule, start, end, 100_000)
        if (i.kind, i.pk) == ("pesanan", first.pk)
    ]
    assert item.counted == 0 and "untuk instansi" in item.reason


def test_a_refund_after_the_close_corrects_the_next_month_and_never_the_sealed_one(market):
    previous = (period_of() - datetime.timedelta(days=1)).replace(day=1)
    now = period_of()
    asn_of(market.buyer)
    for period in (previous, now):
        make_rule(period=period, amount=100_000)
    order = complete(market, buy(market, "lalu", 2), market.euis_owner)  # Rp50.000
    Order.objects.filter(pk=order.pk).update(
        created_at=period_bounds(previous)[0] + datetime.timedelta(days=9)
    )
    sealed = close_now(previous)
    assert sealed.lines.get().counted == 50_000
    complaint = complaint_open(order=order, actor=market.buyer, reason="Basi")
    complaint_settle(complaint=complaint, actor=market.euis_owner, answer="Maaf", refund_amount=20_000)

    correction = Correction.objects.get()
    assert (correction.period, correction.closed_period, correction.amount) == (now, previous, -20_000)
    assert AuditEntry.objects.filter(action="program.correction", object_id=str(correction.pk)).exists()
    assert close_now(previous).sha256 == sealed.sha256 and sealed.lines.get().counted == 50_000
    start, end = period_bounds(previous)
    rules = {rule.period: rule for rule in ObligationRule.objects.all()}
    assert [i.counted for i in contributions(market.buyer, rules[previous], start, end, 1)] == [50_000]
    start, end = period_bounds(now)
    (item,) = contributions(market.buyer, rules[now], start, end, 100_000)
    assert item.kind == "koreksi" and item.counted == -20_000 and "sudah ditutup" in item.reason
    assert close_now(now).lines.get().counted == -20_000


def test_a_refund_before_the_close_comes_off_its_own_month(market, month):
    rule = make_rule(period=month, amount=100_000)
    order = Order.objects.filter(buyer=market.buyer).order_by("pk").first()
    complaint = complaint_open(order=order, actor=market.buyer, reason="Kurang")
    complaint_settle(complaint=complaint, actor=market.euis_owner, answer="Maaf", refund_amount=10_000)
    assert not Correction.objects.exists()
    start, end = period_bounds(month)
    live = sum(i.counted for i in contributions(market.buyer, rule, start, end, 100_000))
    assert close_now(month).lines.get(name="Siti Pembeli").counted == live == 50_000 + 40_000 + 30_000


def test_the_month_begins_and_ends_at_midnight_in_jakarta_in_the_close_too(market, month):
    """Stored times are UTC: 00:30 WIB on the 1st is 17:30 the day before, and belongs to that month."""
    rule = make_rule(period=month, amount=100_000)
    start, end = period_bounds(month)
    first = Order.objects.filter(buyer=market.buyer).order_by("pk").first()
    Order.objects.filter(pk=first.pk).update(created_at=start + datetime.timedelta(minutes=30))
    InStorePurchase.objects.filter(buyer=market.buyer).update(created_at=end + datetime.timedelta(minutes=30))
    live = sum(i.counted for i in contributions(market.buyer, rule, start, end, 100_000))
    assert close_now(month).lines.get(name="Siti Pembeli").counted == live == 50_000 + 50_000
