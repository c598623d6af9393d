"""Schemathesis over the whole OpenAPI schema, in process, on a seeded database, as anonymous and with a token
per role: no server error, no undocumented status code, no response that breaks its schema, no valid request
rejected and no invalid one accepted."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from lapak.api import api
from tests.access_world import build_world
from tests.clock import TEST_NOW

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()  # every request, the checks' own included, goes in process


@pytest.fixture
def world(regions):
    return build_world(TEST_NOW)


@pytest.fixture
def in_process():
    # As Django's test client does: the test's transaction holds the connection, so a request's start and end
    # must not close it.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_api(case, world, in_process):
    # An uploaded file's content (a readable photo, a CSV with the roster's columns) cannot be said in the
    # schema, so a schema-valid upload may still be refused with 422.
    excluded = [positive_data_acceptance] if case.media_type == "multipart/form-data" else []
    for actor in ("anon", "asn", "publik", "owner", "kop", "opd", "dkupp", "pimpinan"):
        headers = {} if actor == "anon" else {"Authorization": f"Bearer {world.tokens[actor]}"}
        case.call_and_validate(headers=headers, excluded_checks=excluded)


@pytest.mark.django_db
def test_the_api_is_rate_limited_per_address_and_per_token(client, settings, regions):
    settings.LAPAK_API_RATE_ANONYMOUS, settings.LAPAK_API_RATE_TOKEN = "3/min", "2/min"
    answers = [client.get("/api/v1/catalog/categories").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = client.get("/api/v1/catalog/categories")
    assert "Terlalu banyak permintaan" in refused.json()["detail"] and int(refused["Retry-After"]) > 0
    # A token has its own allowance, counted per account, not per address.
    world = build_world(TEST_NOW)
    for actor in ("asn", "owner"):
        auth = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens[actor]}"}
        answers = [client.get("/api/v1/orders/cart", **auth).status_code for _ in range(3)]
        assert answers == [200, 200, 429], actor
