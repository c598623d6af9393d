"""DKUPP's rules page: next month's rule prepared from the latest, each kind's figures, clear refusals, and
past or closed months that can only be looked at."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from lapak.accounts.roles import Role
from lapak.core.models import AuditEntry
from lapak.program.models import ObligationRule, ObligationTableRow, PeriodClose
from lapak.program.rule_editor import RuleForm, format_percent, rule_save
from lapak.program.rules import add_months, period_of, rule_text
from tests.clock import TEST_NOW
from tests.factories import make_user
from tests.program.test_obligation import make_rule

CURRENT = period_of(TEST_NOW)
NEXT = add_months(CURRENT, 1)
PREVIOUS = (CURRENT - datetime.timedelta(days=1)).replace(day=1)


def url(period: datetime.date | None = None) -> str:
    return f"/dkupp/aturan/{period:%Y-%m}/" if period else "/dkupp/aturan/"


def post_data(period=NEXT, rows=(), **fields) -> dict:
    """What the browser sends for the rule form, a fixed Rp150.000 unless told otherwise."""
    data = {
        "period": period if isinstance(period, str) else f"{period:%Y-%m}",
        "kind": "tetap",
        "amount": "150.000",
        "percent_bp": "",
        "minimum": "",
        "maximum": "",
        "exempt_statuses": ["cuti_besar", "cltn"],
        "grace_days": "5",
        "max_share_per_merchant_bp": "",
        "max_turnover_per_merchant": "",
        "legal_basis": "Perbup Subang No. 12 Tahun 2026",
        "legal_date": "2026-01-03",
        "baris-TOTAL_FORMS": str(max(len(rows), 1)),
        "baris-INITIAL_FORMS": "0",
        "baris-MIN_NUM_FORMS": "0",
        "baris-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for name in ("eselon", "kelas_jabatan", "golongan", "employment_type", "amount"):
            data[f"baris-{i}-{name}"] = row.get(name, "")
    data.update(fields)
    return data


@pytest.fixture
def dkupp(db, client):
    user = make_user(Role.ADMIN_DKUPP, name="Dewi DKUPP")
    client.force_login(user)
    return user


def errors_of(response) -> str:
    assert response.status_code == 200, "the form is shown again with its messages"
    return response.content.decode()


def test_dkupp_prepares_next_month_from_the_latest_rule(client, dkupp):
    make_rule(period=CURRENT, amount=100_000, minimum=None, max_share_per_merchant_bp=5000)
    page = client.get(url()).content.decode()
    assert f"Siapkan aturan bulan {NEXT:%m/%Y}" in page and url(NEXT) in page
    form_page = client.get(url(NEXT)).content.decode()
    assert 'value="100.000"' in form_page and 'value="50"' in form_page  # prefilled from this month's rule
    assert f'value="{NEXT:%Y-%m}"' in form_page and "Perbup Subang No. 12 Tahun 2026" in form_page

    response = client.post(url(NEXT), post_data(amount="150.000", max_turnover_per_merchant="30.000.000"))
    assert response.status_code == 302 and response["Location"] == url()
    rule = ObligationRule.objects.get(period=NEXT)
    assert (rule.kind, rule.amount, rule.percent_bp) == ("tetap", 150_000, None)
    assert rule.max_turnover_per_merchant == 30_000_000 and rule.exempt_statuses == ["cuti_besar", "cltn"]
    assert rule.legal_date == datetime.date(2026, 1, 3) and rule.updated_by == dkupp
    listing = client.get(url()).content.decode()
    assert f"Aturan bulan {NEXT:%m/%Y} tersimpan." in listing
    assert rule_text(rule) in listing and f"Siapkan aturan bulan {NEXT:%m/%Y}" not in listing


def test_a_percentage_with_a_decimal_comma_is_stored_in_basis_points(client, dkupp):
    response = client.post(
        url(NEXT), post_data(kind="persen_tpp", amount="", percent_bp="2,5", max_share_per_merchant_bp="40")
    )
    assert response.status_code == 302
    rule = ObligationRule.objects.get(period=NEXT)
    assert (rule.percent_bp, rule.amount, rule.max_share_per_merchant_bp) == (250, None, 4000)
    assert "2,5% dari TPP" in rule_text(rule)
    assert 'value="2,5"' in client.get(url(NEXT)).content.decode()  # shown back as typed


@pytest.mark.parametrize(
    ("typed", "bp"), [("10", 1000), ("2,5", 250), ("2.5", 250), ("12,75 %", 1275), ("100", 10_000)]
)
def test_percent_input(typed, bp):
    field = RuleForm.base_fields["percent_bp"]
    assert field.clean(typed) == bp and format_percent(bp) == typed.replace(".", ",").replace(" %", "")


def test_a_table_rule_with_rows(client, dkupp):
    rows = [
        {"golongan": "III/b", "amount": "90.000"},
        {"eselon": "IV.b", "golongan": "III/b", "employment_type": "pns", "amount": "150.000"},
        {"kelas_jabatan": "7", "amount": "120.000"},
        {},  # a blank line is dropped
    ]
    response = client.post(url(NEXT), post_data(kind="tabel", amount="", rows=rows))
    assert response.status_code == 302
    rule = ObligationRule.objects.get(period=NEXT)
    saved = list(rule.rows.values_list("eselon", "kelas_jabatan", "golongan", "employment_type", "amount"))
    assert saved == [
        ("", None, "III/b", "", 90_000),
        ("IV.b", None, "III/b", "pns", 150_000),
        ("", 7, "", "", 120_000),
    ]
    page = client.get(url(NEXT)).content.decode()
    assert 'value="IV.b"' in page and 'value="150.000"' in page  # the rows come back for editing
    # Edited: the rows are replaced, and a fixed rule keeps none.
    client.post(url(NEXT), post_data(kind="tetap", amount="75.000", rows=rows[:1]))
    rule.refresh_from_db()
    assert (rule.kind, rule.amount) == ("tetap", 75_000) and not rule.rows.exists()


def test_more_table_lines_keep_what_was_typed(client, dkupp):
    data = post_data(
        kind="tabel", amount="", rows=[{"golongan": "II/a", "amount": "40.000"}], aksi="tambah-baris"
    )
    page = client.post(url(NEXT), data).content.decode()
    assert not ObligationRule.objects.exists()
    assert 'value="II/a"' in page and 'value="40.000"' in page and 'name="baris-3-golongan"' in page
    assert "perlu diperbaiki" not in page and 'class="error"' not in page  # not judged yet


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "tetap", "amount": ""}, "Bentuk jumlah tetap: isi jumlahnya"),
        ({"kind": "persen_tpp", "amount": "", "percent_bp": ""}, "Bentuk persentase TPP: isi persentasenya"),
        ({"kind": "persen_tpp", "percent_bp": "2,555"}, "paling banyak dua angka di belakang koma"),
        ({"kind": "persen_tpp", "percent_bp": "150"}, "lebih dari 0 dan paling banyak 100"),
        ({"kind": "tabel", "amount": ""}, "Bentuk tabel perlu paling sedikit satu baris"),
        (
            {"minimum": "200.000", "maximum": "100.000"},
            "Paling banyak (Rp100.000) lebih kecil dari paling sedikit",
        ),
        ({"amount": "1.50.000"}, "tidak beraturan"),
        ({"legal_basis": ""}, "Isi dasar hukumnya"),
        ({"legal_date": ""}, "Isi tanggal dasar hukumnya"),
        ({"period": "Desember"}, "bukan bulan; tulis TAHUN-BULAN"),
        ({"period": f"{PREVIOUS:%Y-%m}"}, "sudah lewat"),
        ({"grace_days": "90"}, "Masa tenggang paling lama 60 hari"),
    ],
)
def test_each_validation_message_says_what_to_fix(client, dkupp, fields, message):
    page = errors_of(client.post(url(NEXT), post_data(**fields)))
    assert message in page
    assert not ObligationRule.objects.exists()


def test_table_lines_are_not_judged_for_another_kind(client, dkupp):
    page = errors_of(client.post(url(NEXT), post_data(amount="", rows=[{"golongan": "III/a"}])))
    assert "Bentuk jumlah tetap: isi jumlahnya" in page and 'value="III/a"' in page
    assert "Isi jumlah untuk baris ini" not in page and "Bentuk tabel perlu" not in page


def test_a_table_line_without_its_amount_and_a_repeated_line(client, dkupp):
    page = errors_of(client.post(url(NEXT), post_data(kind="tabel", rows=[{"golongan": "III/a"}])))
    assert "Isi jumlah untuk baris ini" in page
    twice = [{"golongan": "III/a", "amount": "50.000"}, {"golongan": "III/a", "amount": "60.000"}]
    page = errors_of(client.post(url(NEXT), post_data(kind="tabel", rows=twice)))
    assert "Baris 2 sama dengan baris 1" in page
    assert not ObligationRule.objects.exists()


def test_a_month_that_already_has_a_rule_is_not_created_twice(client, dkupp):
    make_rule(period=NEXT, amount=100_000)
    page = errors_of(client.post(url(CURRENT), post_data(period=NEXT)))
    assert f"Bulan {NEXT:%m/%Y} sudah punya aturan" in page
    assert ObligationRule.objects.get().amount == 100_000


def test_a_closed_month_is_read_only(client, dkupp):
    rule = make_rule(period=CURRENT, amount=100_000)  # closed early, as after an emergency: still locked
    PeriodClose.objects.create(period=CURRENT, rule=rule, sha256="0" * 64)
    listing = client.get(url()).content.decode()
    assert "Sudah ditutup" in listing and url(CURRENT) not in listing  # no edit link
    page = client.get(url(CURRENT)).content.decode()
    assert (
        'data-testid="read-only"' in page
        and "sudah ditutup" in page
        and '<form method="post" novalidate' not in page
    )
    assert rule_text(rule) in page
    response = client.post(url(CURRENT), post_data(period=CURRENT, amount="1"), follow=True)
    assert "sudah ditutup; aturannya tidak bisa diubah lagi" in response.content.decode()
    rule.refresh_from_db()
    assert rule.amount == 100_000 and not AuditEntry.objects.filter(action="program.rule_save").exists()
    with pytest.raises(ValidationError, match="sudah ditutup"):  # nor through the service
        rule_save(rule=rule, data={**_values(rule), "amount": 1}, rows=[], actor=dkupp)


def test_a_past_month_is_read_only(client, dkupp):
    rule = make_rule(period=PREVIOUS, amount=100_000)
    listing = client.get(url()).content.decode()
    assert "Sudah lewat" in listing and url(PREVIOUS) not in listing
    page = client.get(url(PREVIOUS)).content.decode()
    assert "sudah lewat; aturannya hanya bisa dilihat" in page and 'name="amount"' not in page
    client.post(url(PREVIOUS), post_data(period=PREVIOUS, amount="1"))
    rule.refresh_from_db()
    assert rule.amount == 100_000
    with pytest.raises(ValidationError, match="sudah lewat"):
        rule_save(rule=rule, data={**_values(rule), "amount": 1}, rows=[], actor=dkupp)
    assert "tidak punya aturan" in client.get(url(datetime.date(2020, 1, 1))).content.decode()
    assert client.get("/dkupp/aturan/2026-13/").status_code == 404


def test_this_months_rule_can_be_changed_and_the_change_is_audited(client, dkupp):
    rule = make_rule(period=CURRENT, amount=100_000, exempt_statuses=["cuti_besar"])
    page = client.get(url(CURRENT)).content.decode()
    assert "bulan berjalan" in page and 'value="100.000"' in page
    response = client.post(url(CURRENT), post_data(period=NEXT, amount="125.000", minimum="50.000"))
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.period, rule.amount, rule.minimum) == (CURRENT, 125_000, 50_000)  # the month does not move
    entry = AuditEntry.objects.get(action="program.rule_save")
    assert entry.actor == dkupp and entry.object_id == str(rule.pk)
    assert entry.changes["period"] == f"{CURRENT:%Y-%m}" and entry.changes["created"] is False
    assert entry.changes["changed"]["amount"] == [100_000, 125_000]
    assert entry.changes["changed"]["exempt_statuses"] == [["cuti_besar"], ["cuti_besar", "cltn"]]


def test_creating_writes_an_audit_entry_with_the_rows(db):
    actor = make_user(Role.ADMIN_DKUPP)
    data = {
        "period": NEXT,
        "kind": "tabel",
        "amount": 5,  # dropped: a table rule keeps only its rows
        "legal_basis": "SE Bupati Subang No. 3",
        "legal_date": datetime.date(2026, 2, 1),
        "grace_days": 3,
        "exempt_statuses": [],
    }
    rows = [{"golongan": "IV/a", "amount": 200_000}]
    rule = rule_save(rule=None, data=data, rows=rows, actor=actor)
    assert rule.amount is None and rule.rows.get().amount == 200_000
    changes = AuditEntry.objects.get(action="program.rule_save", object_id=str(rule.pk)).changes
    assert changes["created"] is True and changes["values"]["legal_date"] == "2026-02-01"
    assert changes["rows"][0]["golongan"] == "IV/a"
    with pytest.raises(ValidationError):  # a table without lines is refused by the service too
        rule_save(rule=rule, data=data, rows=[], actor=actor)


def test_only_dkupp(client, db):
    assert client.get(url()).status_code == 302  # to the login page
    client.force_login(make_user(Role.ASN))
    assert client.get(url()).status_code == 403
    assert client.post(url(NEXT), post_data()).status_code == 403
    assert not ObligationRule.objects.exists()


def test_the_list_page_reads_a_fixed_number_of_queries(client, dkupp, django_assert_num_queries):
    make_rule(period=NEXT, amount=100_000)
    with django_assert_num_queries(QUERIES):
        assert client.get(url()).status_code == 200
    for months_back in range(1, 8):
        period = (CURRENT - datetime.timedelta(days=31 * months_back - 15)).replace(day=1)
        rule = make_rule(period=period, kind="tabel", amount=None, updated_by=dkupp)
        ObligationTableRow.objects.create(rule=rule, golongan="III/b", amount=90_000)
        ObligationTableRow.objects.create(rule=rule, kelas_jabatan=7, amount=120_000)
        PeriodClose.objects.create(period=period, rule=rule, sha256="0" * 64)
    make_rule(period=CURRENT, kind="persen_tpp", percent_bp=250, max_turnover_per_merchant=30_000_000)
    with django_assert_num_queries(QUERIES):
        page = client.get(url()).content.decode()
    assert page.count('data-testid="rule"') == 9 and page.count("Sudah ditutup") == 7


# Session, user, roles, unread notifications (the header); the rules with their closed flag and editor; rows.
QUERIES = 6


def _values(rule: ObligationRule) -> dict:
    return {name: getattr(rule, name) for name in RuleForm.Meta.fields}
