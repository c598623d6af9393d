"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against pytest-django's live server,
at a cheap phone's size. Screenshots land in test-output/e2e/. With LAPAK_REQUIRE_BROWSER=1 (CI) a missing
browser fails the run instead of skipping."""

import os
import re
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body are still
# synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("LAPAK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(os.environ.get("LAPAK_TEST_OUTPUT", "test-output")) / "e2e"
PHONE = {"width": 360, "height": 740}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: apt-get install -y chromium"
        if os.environ.get("LAPAK_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="id-ID")
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    yield page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.name)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    context.close()
    # A script or style blocked by the Content-Security-Policy, or a missing asset, shows up here.
    assert problems == [], problems


def fits_phone_width(page) -> bool:
    page.wait_for_load_state()  # with the stylesheet applied: before it, tables are as wide as they like
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def demo():
    """The demo's named accounts and businesses, plus a few seeded ones."""
    from lapak.demo.seed import seed

    seed(umkm=10, asn=5, months=1, seed=1)


def log_in(page, identifier, password=None, two_factor_code=None):
    """Tests run with LAPAK_REQUIRE_2FA off (tests/conftest.py); with it on, pass the code a desk role
    types on the two-factor page (a TOTP or a recovery code)."""
    from lapak.demo.seed import DEMO_PASSWORD

    page.goto("/masuk/")
    page.get_by_label("NIP, nomor HP, atau email").fill(identifier)
    page.get_by_label("Kata sandi").fill(password or DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    if two_factor_code is not None:
        page.wait_for_url("**/dua-langkah/**")
        page.get_by_label("Kode verifikasi").fill(two_factor_code)
        page.get_by_role("button", name="Lanjut").click()
