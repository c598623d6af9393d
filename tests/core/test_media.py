"""Uploaded files: product photos and logos are public, from their own folders only; import spreadsheets,
transfer proofs, in-store receipts and appeal evidence are private, handed out only by views that check who
asks, under random names and outside MEDIA_ROOT."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from lapak.merchants.models import ImportJob
from lapak.orders.models import InStorePurchase
from lapak.payments.models import TransferProof
from lapak.program.models import Appeal
from tests.access_world import build_world
from tests.clock import TEST_NOW

SECRET = b"nama_usaha;nik_pemilik;telepon\nWarung Rahasia;3213010101900001;081234567890\n"

TRAVERSALS = [
    "/media/produk/%2e%2e/impor/2026/11/umkm.csv",
    "/media/produk/%2E%2E/impor/2026/11/umkm.csv",
    "/media/produk/..%2fimpor/2026/11/umkm.csv",
    "/media/produk/%2e%2e%2fimpor/2026/11/umkm.csv",
    "/media/produk/..%5cimpor/2026/11/umkm.csv",
    "/media/produk/%252e%252e/impor/2026/11/umkm.csv",
    "/media/produk/%252e%252e%252fimpor/2026/11/umkm.csv",
    "/media/produk/../impor/2026/11/umkm.csv",
    "/media/logo/../impor/2026/11/umkm.csv",
    "/media/produk/./../impor/2026/11/umkm.csv",
    "/media/produk/2026/../../impor/2026/11/umkm.csv",
    "/media/produk//impor/2026/11/umkm.csv",
    "/media/produk/%2fimpor/2026/11/umkm.csv",
    "/media/produk/%00/../impor/2026/11/umkm.csv",
    "/media/impor/2026/11/umkm.csv",
    "/media//impor/2026/11/umkm.csv",
    "/media/produk/%2e%2e/%2e%2e/private/impor/2026/11/umkm.csv",
    "/media/produk/%2e%2e/bukti-transfer/2026/11/bukti.jpg",
    "/media/produk/..%2fstruk/2026/11/struk.jpg",
    "/media/produk/../banding/2026/11/bukti.jpg",
]


@pytest.fixture
def legacy_files():
    """Private uploads where they were stored before they moved out of MEDIA_ROOT, and one product photo."""
    media = Path(settings.MEDIA_ROOT)
    for name, content in {
        "impor/2026/11/umkm.csv": SECRET,
        "bukti-transfer/2026/11/bukti.jpg": SECRET,
        "struk/2026/11/struk.jpg": SECRET,
        "banding/2026/11/bukti.jpg": SECRET,
        "produk/2026/11/foto.jpg": b"\xff\xd8\xffphoto",
    }.items():
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(content)
    # The same spreadsheet in the new private root, as a traversal out of MEDIA_ROOT would look for it.
    private = Path(settings.PRIVATE_MEDIA_ROOT) / "impor/2026/11/umkm.csv"
    private.parent.mkdir(parents=True, exist_ok=True)
    private.write_bytes(SECRET)
    return media


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize("url", TRAVERSALS)
def test_no_traversal_reaches_a_private_file(client, legacy_files, url, debug):
    with override_settings(DEBUG=debug):
        response = client.get(url)
    assert response.status_code == 404
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"3213010101900001" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
def test_product_photos_are_still_public(client, legacy_files, debug):
    with override_settings(DEBUG=debug):
        response = client.get("/media/produk/2026/11/foto.jpg")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\xff\xd8\xffphoto"


@pytest.fixture
def world(regions):
    return build_world(TEST_NOW)


def _fetch(world, actor, url):
    client = Client()
    if actor != "anon":
        client.force_login(world.users[actor])
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def _private_files(world):
    proof = TransferProof.objects.get(pk=world.ids["proof"])
    claim = InStorePurchase.objects.get(pk=world.ids["claim"])
    appeal = Appeal.objects.latest("pk")
    return {
        "proof": (
            proof.image,
            reverse("payments:transfer_proof_image", args=[proof.order_id, proof.pk]),
            {"asn", "owner2"},
        ),
        "receipt": (claim.receipt, reverse("orders:instore_receipt", args=[claim.pk]), {"asn", "owner"}),
        "appeal": (appeal.evidence, reverse("program:appeal_evidence", args=[appeal.pk]), {"asn", "dkupp"}),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["proof", "receipt", "appeal"])
def test_private_images_only_for_who_may_see_them(world, kind):
    field, url, allowed = _private_files(world)[kind]
    stored = Path(field.path).read_bytes()
    for actor in ("anon", "asn", "asn2", "owner", "owner2", "kop", "opd", "dkupp"):
        response, body = _fetch(world, actor, url)
        if actor in allowed:
            assert response.status_code == 200, actor
            assert body == stored
            assert response["Content-Type"] == "image/jpeg"
            assert "no-store" in response["Cache-Control"]
        else:
            assert response.status_code in (302, 403, 404), actor
            assert body != stored


@pytest.mark.django_db
def test_private_uploads_have_random_names_outside_media_root(world):
    job = ImportJob.objects.get(pk=world.ids["job"])
    files = [job.file] + [field for field, _url, _who in _private_files(world).values()]
    for field in files:
        assert re.fullmatch(r"[a-z-]+/\d{4}/\d{2}/[0-9a-f]{32}\.(csv|jpg|png)", field.name), field.name
        assert Path(field.path).is_relative_to(settings.PRIVATE_MEDIA_ROOT)
        assert not (Path(settings.MEDIA_ROOT) / field.name).exists()
        for actor in ("anon", "dkupp"):  # no URL maps the private root, not even for DKUPP
            response, _body = _fetch(world, actor, f"/media/{field.name}")
            assert response.status_code == 404
    assert job.original_name == "umkm.csv"  # what the import page shows
    with pytest.raises(ValueError):
        job.file.storage.url(job.file.name)


@pytest.mark.django_db
def test_files_stored_before_the_move_still_open_through_the_checked_views(world, legacy_files):
    proof = TransferProof.objects.get(pk=world.ids["proof"])
    proof.image.name = "bukti-transfer/2026/11/bukti.jpg"
    proof.save()
    url = reverse("payments:transfer_proof_image", args=[proof.order_id, proof.pk])
    assert _fetch(world, "asn", url)[1] == SECRET
    assert _fetch(world, "asn2", url)[0].status_code == 404
