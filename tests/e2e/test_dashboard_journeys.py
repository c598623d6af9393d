"""Every dashboard on a phone and on a desktop: it opens for its role, shows its charts with their numbers one
tap away, fits the screen, and leaves a screenshot in test-output/e2e/ for review."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, SCREENSHOTS, fits_phone_width, log_in

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 900}
SHOP_OWNER, DKUPP, PIMPINAN, OPD_ADMIN = (
    "0811-0000-0001",
    "dkupp@demo.lapak.test",
    "pimpinan@demo.lapak.test",
    "opd@demo.lapak.test",
)


@pytest.mark.parametrize("screen", ["ponsel", "desktop"])
def test_each_dashboard_on_a_phone_and_a_desktop(browser, live_server, demo, screen):
    from lapak.merchants.models import Merchant
    from lapak.program.models import OpdAdmin

    shop = Merchant.objects.get(name="Dodol Nanas Bu Euis")
    opd = OpdAdmin.objects.select_related("opd").get(user__email=OPD_ADMIN).opd
    viewport = PHONE if screen == "ponsel" else DESKTOP
    context = browser.new_context(viewport=viewport, base_url=live_server.url, locale="id-ID")
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for who, url, name in [
        (None, "/statistik/", "statistik"),
        (DKUPP, "/dkupp/dasbor/", "dasbor-dkupp"),
        (PIMPINAN, "/dkupp/dasbor/", "dasbor-pimpinan"),
        (OPD_ADMIN, f"/opd/{opd.code}/dasbor/", "dasbor-opd"),
        (SHOP_OWNER, f"/toko/{shop.pk}/dasbor/", "dasbor-toko"),
    ]:
        context.clear_cookies()
        if who:
            log_in(page, who)
        page.goto(url)
        expect(page.locator("h1")).to_be_visible()
        expect(page.locator("main"), name).to_contain_text("Data per")
        if name != "statistik":
            chart = page.locator("figure svg").first
            expect(chart).to_be_visible()
            page.locator("figure details summary").first.click()  # the numbers behind the picture
            expect(page.locator("figure details table").first).to_be_visible()
        if screen == "ponsel":
            assert fits_phone_width(page), f"{name} is wider than the phone"
        page.screenshot(path=SCREENSHOTS / f"{name}-{screen}.png", full_page=True)
    context.close()
    assert problems == [], problems
