"""Size class (PP 7/2021), eligibility with reasons, duplicates and digital readiness."""

import datetime
import itertools

import pytest
from django.utils import timezone

from lapak.accounts.roles import Role
from lapak.merchants.eligibility import eligible_merchants_q, merchant_eligibility
from lapak.merchants.models import EligibilityPolicy, Merchant, MerchantMember, Permit
from lapak.merchants.readiness import merchant_readiness
from lapak.merchants.selectors import merchant_duplicates
from lapak.merchants.services import eligibility_policy_update
from lapak.merchants.sizing import JUTA, MILIAR, size_class
from tests.factories import make_merchant, make_user


@pytest.mark.parametrize(
    ("capital", "sales", "expected"),
    [
        (None, 2 * MILIAR, "mikro"),
        (None, 2 * MILIAR + 1, "kecil"),
        (None, 15 * MILIAR, "kecil"),
        (None, 15 * MILIAR + 1, "menengah"),
        (None, 50 * MILIAR, "menengah"),
        (None, 50 * MILIAR + 1, "besar"),
        (1 * MILIAR, None, "mikro"),
        (1 * MILIAR + 1, None, "kecil"),
        (5 * MILIAR + 1, None, "menengah"),
        (10 * MILIAR + 1, None, "besar"),
        (20 * MILIAR, 500 * JUTA, "mikro"),  # a running business is classed by its sales
        (None, None, ""),
    ],
)
def test_size_class_follows_pp_7_2021(capital, sales, expected):
    assert size_class(capital=capital, annual_sales=sales) == expected


def test_an_eligible_merchant_passes_every_check_with_a_reason(regions):
    result = merchant_eligibility(make_merchant())
    assert result.eligible
    assert [c.message for c in result.checks] == [
        "Sudah diverifikasi DKUPP",
        "Skala usaha mikro",
        "Berlokasi di wilayah program",
        "Bukan waralaba atau ritel modern",
    ]


@pytest.mark.parametrize(
    ("fields", "code", "message"),
    [
        (
            {"status": "menunggu_verifikasi"},
            "terverifikasi",
            "Belum diverifikasi DKUPP (status: Menunggu verifikasi)",
        ),
        ({"status": "ditangguhkan"}, "terverifikasi", "Belum diverifikasi DKUPP (status: Ditangguhkan)"),
        ({"size_class": "menengah"}, "skala", "Skala usaha harus mikro atau kecil; tercatat: menengah"),
        (
            {"size_class": ""},
            "skala",
            "Skala usaha harus mikro atau kecil; tercatat: belum diisi (isi modal atau omzet)",
        ),
        (
            {"is_franchise": True},
            "bukan_waralaba",
            "Waralaba atau jaringan ritel modern tidak termasuk program",
        ),
    ],
)
def test_each_failed_rule_is_explained(regions, fields, code, message):
    result = merchant_eligibility(make_merchant(**fields))
    assert not result.eligible
    assert [(c.code, c.message) for c in result.failed] == [(code, message)]


def test_outside_the_region_is_not_eligible(regions, settings):
    merchant = make_merchant()
    settings.LAPAK_REGION = "32.14"  # the same data, seen from another kabupaten's installation
    assert [c.code for c in merchant_eligibility(merchant).failed] == ["wilayah"]


def test_changing_the_policy_re_evaluates_every_merchant(regions):
    dkupp = make_user(Role.ADMIN_DKUPP)
    medium = make_merchant(name="Batik Subang Jaya", size_class="menengah")
    local = make_merchant(name="Opak Cicadas", local_production_attested=True)
    assert not merchant_eligibility(medium).eligible
    eligibility_policy_update(
        actor=dkupp,
        allowed_sizes=["mikro", "kecil", "menengah"],
        require_local_production=True,
        legal_basis="Perbup Subang No. 12 Tahun 2026",
    )
    assert [c.code for c in merchant_eligibility(medium).failed] == ["produksi_lokal"]
    assert merchant_eligibility(local).eligible
    assert EligibilityPolicy.current().legal_basis == "Perbup Subang No. 12 Tahun 2026"


def test_the_sql_filter_agrees_with_the_explanation_for_every_combination(regions):
    statuses = ["terverifikasi", "menunggu_verifikasi", "ditangguhkan"]
    combos = itertools.product(statuses, ["mikro", "kecil", "menengah", ""], [False, True], [False, True])
    for i, (status, size, franchise, local) in enumerate(combos):
        make_merchant(
            name=f"Usaha {i}",
            status=status,
            size_class=size,
            is_franchise=franchise,
            local_production_attested=local,
        )
    for require_local in (False, True):
        policy = EligibilityPolicy(allowed_sizes=["mikro", "kecil"], require_local_production=require_local)
        by_sql = set(Merchant.objects.filter(eligible_merchants_q(policy)).values_list("pk", flat=True))
        by_rule = {m.pk for m in Merchant.objects.all() if merchant_eligibility(m, policy).eligible}
        assert by_sql == by_rule and by_sql


def test_duplicates_by_nib_and_by_owner_nik_with_a_similar_name(regions):
    first = make_merchant(name="Keripik Singkong Bu Enok", nib="9120102345678")
    same_nib = make_merchant(name="Toko Lain", nib="9120102345678", owner_nik="3213010101900001")
    similar = make_merchant(name="Keripik Singkong Bu Enok Jaya", owner_nik=first.owner_nik)
    different = make_merchant(name="Katering Enok", owner_nik=first.owner_nik)
    found = {m.pk: reason for m, reason in merchant_duplicates(first)}
    assert found[same_nib.pk] == "NIB sama"
    assert found[similar.pk].startswith("NIK pemilik sama, nama mirip")
    assert different.pk not in found


def test_readiness_lists_what_is_missing_and_scores_it(regions):
    owner = make_user(Role.PELAKU_USAHA)
    merchant = make_merchant(owner)
    readiness = merchant_readiness(merchant)
    # the catalog adds its own check ("produk_foto") to the registry's list
    assert {c.code for c in readiness.missing} == {
        "nib",
        "izin",
        "logo",
        "peta",
        "jam",
        "whatsapp",
        "aktif",
        "produk_foto",
    }
    assert readiness.score == 11  # 1 of 9
    Permit.objects.create(
        merchant=merchant,
        kind="pirt",
        number="P-IRT 2063213010123-28",
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    Merchant.objects.filter(pk=merchant.pk).update(nib="9120102345678", opening_hours="08.00–16.00")
    owner.last_login = timezone.now()
    owner.save()
    merchant.refresh_from_db()
    readiness = merchant_readiness(merchant)
    assert {c.code for c in readiness.missing} == {"logo", "peta", "whatsapp", "produk_foto"}
    assert readiness.score == 56
    assert MerchantMember.objects.filter(merchant=merchant).count() == 1


def test_an_expired_permit_does_not_count(regions):
    merchant = make_merchant()
    Permit.objects.create(
        merchant=merchant,
        kind="halal",
        number="ID32110000123450523",
        expires_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert "izin" in {c.code for c in merchant_readiness(merchant).missing}
