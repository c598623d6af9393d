"""The `lapak` command as a new user runs it, in a fresh process and an empty folder."""

import os
import shutil
import sqlite3
import subprocess

LAPAK = shutil.which("lapak")


def lapak(*args, cwd, **env) -> subprocess.CompletedProcess:
    environment = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "LAPAK_DEBUG", "SECRET_KEY"}
    }
    environment.update(env)
    return subprocess.run(
        [LAPAK, *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=120
    )


def test_demo_creates_seeds_once_reuses_and_resets(tmp_path):
    first = lapak("demo", "--no-serve", "--umkm", "20", "--asn", "10", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Seeding 20 UMKM" in first.stdout
    for role in [
        "ASN",
        "Pelaku usaha",
        "Admin koperasi",
        "Admin OPD",
        "Admin DKUPP",
        "Pimpinan",
        "Masyarakat",
    ]:
        assert role in first.stdout
    database = tmp_path / "var" / "lapak.sqlite3"
    assert database.exists()

    def users() -> int:
        with sqlite3.connect(database) as conn:
            return conn.execute("select count(*) from accounts_user").fetchone()[0]

    seeded = users()
    second = lapak("demo", "--no-serve", "--umkm", "20", "--asn", "10", cwd=tmp_path)
    assert "Reusing the demo data" in second.stdout and users() == seeded

    reset = lapak("demo", "--no-serve", "--reset", "--umkm", "5", "--asn", "5", cwd=tmp_path)
    assert reset.returncode == 0, reset.stderr
    assert "starting over" in reset.stdout and users() < seeded


def test_dashed_subcommands_work_like_manage_py(tmp_path):
    result = lapak("load-regions", cwd=tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3")
    assert "no such table" in result.stderr  # reached the command: the database is simply not migrated
    assert (
        lapak("migrate", "-v0", cwd=tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3").returncode == 0
    )
    result = lapak("load-regions", cwd=tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3")
    assert result.stdout.strip() == "Regions: 284 created, 0 updated."


def test_serve_refuses_to_start_without_production_settings(tmp_path):
    result = lapak("serve", cwd=tmp_path, LAPAK_DEBUG="1")
    assert result.returncode != 0
    assert "refuses to start in production mode" in result.stderr
