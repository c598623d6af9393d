"""A shop's permits count only while valid; the product page shows every photo."""

import datetime
import io
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from lapak.catalog.listing import expired_permits_refresh
from lapak.catalog.models import Category, Product
from lapak.catalog.search import product_search
from lapak.catalog.services import product_photo_add, product_save
from lapak.merchants.models import Permit
from lapak.merchants.services import permit_set
from tests.factories import make_merchant

DAY = datetime.timedelta(days=1)


@pytest.fixture
def shop(regions):
    return make_merchant(name="Dodol Nanas Bu Euis")


@pytest.fixture
def dodol(shop):
    return product_save(
        merchant=shop,
        actor=None,
        name="Dodol Nanas",
        category=Category.objects.get(slug="oleh-oleh"),
        price=25_000,
        stock=5,
        status="aktif",
    )


def halal_matches() -> list[str]:
    return [p.name for p in product_search(halal=True)]


def labels(client, url: str) -> bool:
    return "Sertifikat halal" in client.get(url).content.decode()


def expire(shop, days_ago: int = 1) -> None:
    # Time passing writes nothing and sends no signal: move the date without the service.
    Permit.objects.filter(merchant=shop, kind=Permit.Kind.HALAL).update(
        expires_on=timezone.localdate() - days_ago * DAY
    )


@pytest.mark.parametrize("expires_on", [None, "today"])
def test_a_valid_halal_permit_is_shown_and_matches_the_halal_filter(client, shop, dodol, expires_on):
    expires_on = timezone.localdate() if expires_on == "today" else None
    permit_set(merchant=shop, actor=None, kind=Permit.Kind.HALAL, number="ID3211", expires_on=expires_on)
    assert expired_permits_refresh() == 0
    assert halal_matches() == ["Dodol Nanas"]
    assert labels(client, f"/produk/{dodol.pk}/") and labels(client, f"/t/{shop.pk}/")


def test_an_expired_halal_permit_stops_counting_after_the_refresh(client, shop, dodol):
    permit_set(
        merchant=shop, actor=None, kind=Permit.Kind.HALAL, number="ID3211", expires_on=timezone.localdate()
    )
    assert halal_matches() == ["Dodol Nanas"]
    expire(shop)
    # The pages read the permit itself, so they drop the label at once.
    assert not labels(client, f"/produk/{dodol.pk}/") and not labels(client, f"/t/{shop.pk}/")
    assert expired_permits_refresh() == 1
    assert halal_matches() == []
    assert expired_permits_refresh() == 0  # nothing left to refresh


def test_the_housekeeping_command_refreshes_expired_permits(shop, dodol):
    permit_set(
        merchant=shop, actor=None, kind=Permit.Kind.HALAL, number="ID3211", expires_on=timezone.localdate()
    )
    expire(shop, days_ago=30)
    out = io.StringIO()
    call_command("orders_housekeeping", stdout=out)
    assert "halal_expired_products=1" in out.getvalue()
    assert halal_matches() == []
    assert Product.objects.get(pk=dodol.pk).halal is False


def test_a_permit_already_expired_when_recorded_never_counts(client, shop, dodol):
    yesterday = timezone.localdate() - DAY
    permit_set(merchant=shop, actor=None, kind=Permit.Kind.HALAL, number="ID3211", expires_on=yesterday)
    assert halal_matches() == []
    assert not labels(client, f"/produk/{dodol.pk}/")


def test_expiry_follows_the_date_in_jakarta_not_utc(shop, dodol):
    permit_set(merchant=shop, actor=None, kind=Permit.Kind.HALAL, number="ID3211")
    Permit.objects.filter(merchant=shop).update(expires_on=datetime.date(2026, 3, 1))
    # 18:00 UTC on 1 March is already 01:00 on 2 March in Subang.
    late = datetime.datetime(2026, 3, 1, 18, 0, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=late):
        assert expired_permits_refresh() == 1
    assert halal_matches() == []


def test_only_the_expired_permit_is_hidden(client, shop, dodol):
    permit_set(merchant=shop, actor=None, kind=Permit.Kind.PIRT, number="2063213010123-29")
    permit_set(
        merchant=shop, actor=None, kind=Permit.Kind.HALAL, number="ID3211", expires_on=timezone.localdate()
    )
    expire(shop)
    html = client.get(f"/produk/{dodol.pk}/").content.decode()
    assert '<span class="badge">PIRT</span>' in html and "Sertifikat halal" not in html
    assert '<span class="badge">PIRT</span>' in client.get(f"/t/{shop.pk}/").content.decode()


def jpeg(color: str) -> SimpleUploadedFile:
    data = io.BytesIO()
    Image.new("RGB", (400, 300), color).save(data, "JPEG")
    return SimpleUploadedFile(f"{color}.jpg", data.getvalue())


def test_the_product_page_shows_every_photo_without_more_queries(client, shop, dodol):
    def page() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/produk/{dodol.pk}/")
        assert response.status_code == 200
        return response.content.decode(), len(captured)

    _html, without = page()
    for color in ("gold", "red", "green"):
        product_photo_add(product=dodol, actor=None, upload=jpeg(color))
    html, with_photos = page()
    first, *rest = dodol.photos.all()
    assert html.count(first.large.url) == 1 and f'class="product-photo" src="{first.large.url}"' in html
    for photo in rest:
        assert f'src="{photo.thumb.url}"' in html and f'href="{photo.large.url}"' in html
    thumbs = html.split('<ul class="product-thumbs">')[1].split("</ul>")[0]
    assert thumbs.count("<img ") == 2
    assert with_photos == without
