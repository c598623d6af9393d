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


def test_serve_runs_gunicorn_with_hashed_static_files(tmp_path):
    import socket
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path}/prod.sqlite3",
        "SECRET_KEY": "p" * 64,
        "ALLOWED_HOSTS": "127.0.0.1",
        "LAPAK_VAR_DIR": str(tmp_path / "var"),
    }
    assert lapak("migrate", "-v0", cwd=tmp_path, **env).returncode == 0
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "LAPAK_DEBUG"}} | env
    server = subprocess.Popen(
        [LAPAK, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=tmp_path,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as response:
                    html = response.read().decode()
                    headers = response.headers
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "server did not start"
                time.sleep(0.3)
        assert "Belanja ke UMKM Subang" in html
        assert headers["Content-Security-Policy"].startswith("default-src 'self'")
        stylesheet = next(part.split('"')[0] for part in html.split('href="') if ".css" in part.split('"')[0])
        assert stylesheet != "/static/lapak/app.css"  # hashed name from the manifest: safe to cache forever
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{stylesheet}") as response:
            assert "max-age=315360000" in response.headers["Cache-Control"]
    finally:
        server.terminate()
        server.wait(timeout=10)
