import pytest
import time_machine
from django.utils import translation

from lapak.catalog.models import Category
from lapak.catalog.taxonomy import categories_load
from lapak.core.models import Region
from lapak.core.regions import regions_load
from tests.clock import TEST_NOW


@pytest.fixture(autouse=True)
def _fixed_clock():
    with time_machine.travel(TEST_NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Throttle counters and cached figures live in the cache: each test starts with none.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Production uses the hashed manifest storage, which needs collectstatic; tests serve from the finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path_factory):
    # Seeding and uploads write photos; tests must not fill the developer's var/media.
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    settings.PRIVATE_MEDIA_ROOT = tmp_path_factory.mktemp("private")


@pytest.fixture(autouse=True)
def _indonesian(settings):
    # A test that switches to English must not leave it active for the next one.
    with translation.override("id"):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _two_factor_off(settings):
    # Settings require two-factor of desk roles; tests that log them in with force_login need not enrol.
    # Tests of two-factor itself turn it back on (tests/accounts/test_two_factor.py).
    settings.LAPAK_REQUIRE_2FA = False


@pytest.fixture
def regions(db):
    """Subang's region tree from the CSVs the project ships, and the category taxonomy: reference data that
    migrations load and transactional tests flush, so it is loaded again when missing."""
    if not Region.objects.exists():
        regions_load()
    if not Category.objects.exists():
        categories_load(Category)
    return Region.objects


@pytest.fixture(autouse=True)
def _jobs_inline(settings):
    # Background jobs run inside the on_commit callback, so a test sees their result when the request returns.
    settings.LAPAK_RUN_JOBS_INLINE = True


@pytest.fixture
def market(regions):
    from tests.market import Market

    return Market()
