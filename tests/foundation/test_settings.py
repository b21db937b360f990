"""Settings fail loudly when production values are missing; deploy checks are clean."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "bmaplan.settings.production",
    "DJANGO_SECRET_KEY": "x" * 20 + "a-real-looking-secret-key-with-entropy-1234567890",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/bmaplan",
    "DJANGO_ALLOWED_HOSTS": "plan.bangkok.go.th",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_no_missing_migrations():
    result = manage(
        "makemigrations",
        "--check",
        "--dry-run",
        env={"DJANGO_SETTINGS_MODULE": "bmaplan.settings.test"},
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_health_reports_database_redis_and_worker_heartbeat(client):
    from core.tasks import heartbeat

    heartbeat()
    response = client.get("/healthz/?strict=1")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok", "worker": "ok"}
