"""Settings come from the environment; production refuses unsafe ones. Each case runs in a fresh interpreter
because settings are read once per process."""

import json
import os
import subprocess
import sys

import pytest

SAFE_KEY = "k" * 64


def run(code: str, **env) -> subprocess.CompletedProcess:
    environment = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "LAPAK_DEBUG", "SECRET_KEY"}
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="lapak.settings")
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, timeout=60
    )


def settings_json(*names: str, **env) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({%s}, default=str))"
    )
    result = run(code % ", ".join(f"{n!r}: s.{n}" for n in names), **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_sqlite_is_opened_with_wal_immediate_transactions_and_a_busy_timeout(tmp_path):
    db = settings_json("DATABASES", DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3")["DATABASES"]["default"]
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert db["OPTIONS"]["timeout"] >= 5
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]


def test_postgresql_from_database_url():
    db = settings_json("DATABASES", DATABASE_URL="postgresql://lapak:pw@db.internal:5432/lapak")["DATABASES"]
    assert db["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert (db["default"]["HOST"], db["default"]["NAME"]) == ("db.internal", "lapak")


def test_production_defaults_are_hardened():
    s = settings_json(
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "CONTENT_SECURITY_POLICY",
        "ALLOWED_HOSTS",
        "EMAIL_HOST",
        SECRET_KEY=SAFE_KEY,
        ALLOWED_HOSTS="lapak.subang.go.id",
        EMAIL_HOST="smtp.x",
    )
    assert s["DEBUG"] is False and s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"]
    assert s["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert "script-src 'self'" in s["CONTENT_SECURITY_POLICY"]
    assert s["ALLOWED_HOSTS"] == ["lapak.subang.go.id"] and s["EMAIL_HOST"] == "smtp.x"


@pytest.mark.parametrize(
    ("env", "reason"),
    [
        ({"LAPAK_DEBUG": "1", "SECRET_KEY": SAFE_KEY}, "LAPAK_DEBUG is on"),
        ({}, "SECRET_KEY is missing"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY is missing"),
        ({"SECRET_KEY": SAFE_KEY, "ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS must name"),
    ],
)
def test_production_entry_point_refuses_unsafe_settings(env, reason):
    result = run("import lapak.wsgi", **{"ALLOWED_HOSTS": "lapak.subang.go.id", **env})
    assert result.returncode != 0
    assert reason in result.stderr


def test_production_entry_point_starts_with_safe_settings():
    result = run("import lapak.wsgi; print('ok')", SECRET_KEY=SAFE_KEY, ALLOWED_HOSTS="lapak.subang.go.id")
    assert result.returncode == 0, result.stderr


def test_every_response_carries_the_content_security_policy(client, db):
    response = client.get("/")
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert response.headers["X-Frame-Options"] == "DENY"
