"""The instant every test runs at. No test reads the real clock: tests/conftest.py travels to TEST_NOW before
each test (the clock then ticks on from it). CI runs the suite again at the first and the last minutes of a
month in Asia/Jakarta through LAPAK_TEST_NOW (ISO 8601 with offset), so a test that depends on the day of the
month fails in CI instead of on some day in production."""

import datetime
import os

TEST_NOW = datetime.datetime.fromisoformat(os.environ.get("LAPAK_TEST_NOW") or "2026-11-18T10:00:00+07:00")
