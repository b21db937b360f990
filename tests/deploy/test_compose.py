"""docker-compose.yml runs the same processes as the Makefile, configured only by settings.

There is no Docker engine on this machine, so the compose file is checked by parsing it:
every service, its command, its volumes and every environment variable it sets.
"""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ("web", "worker", "beat")
MAKEFILE = (ROOT / "Makefile").read_text()
SETTINGS_DIR = ROOT / "bmaplan" / "settings"
ENV_READ = re.compile(r"""env(?:\.\w+)?\(\s*["']([A-Z0-9_]+)["']""")


def settings_env_vars(*names: str) -> set[str]:
    found = set()
    for name in names:
        found |= set(ENV_READ.findall((SETTINGS_DIR / f"{name}.py").read_text()))
    return found


def required_env_vars(name: str) -> set[str]:
    """Variables read with no default in a settings module (start-up fails without them)."""
    text = (SETTINGS_DIR / f"{name}.py").read_text()
    calls = re.findall(r"""env(?:\.\w+)?\(\s*["']([A-Z0-9_]+)["']\s*\)""", text)
    return set(calls)


def make_recipe(target: str) -> str:
    match = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", MAKEFILE, re.M)
    assert match, f"no make target {target}"
    return match.group(1)


def normalise(command: str) -> str:
    command = command.replace("$(VENV)/bin/", "").replace("$(PY)", "python")
    command = re.sub(r"\$\$?\{?[A-Z_]+(:-[^}]*)?\}?|\$\(PORT\)|\d{4}", "X", command)
    return " ".join(command.split())


def command_of(service: str) -> str:
    command = SERVICES[service]["command"]
    return command if isinstance(command, str) else " ".join(command)


def app_env(service: str) -> dict:
    return SERVICES[service]["environment"]


def test_every_expected_service_is_there():
    assert set(SERVICES) >= {"web", "worker", "beat", "db", "redis", "backup"}
    for name, service in SERVICES.items():
        assert "image" in service or "build" in service, name
        for dep in service.get("depends_on", {}):
            assert dep in SERVICES, f"{name} depends on unknown service {dep}"


@pytest.mark.parametrize(
    ("service", "target", "program"),
    [
        ("web", "web", "gunicorn bmaplan.wsgi:application"),
        ("worker", "worker", "celery -A bmaplan worker"),
        ("beat", "beat", "celery -A bmaplan beat"),
    ],
)
def test_app_commands_match_the_make_targets(service, target, program):
    compose_cmd, make_cmd = normalise(command_of(service)), normalise(make_recipe(target))
    assert program in compose_cmd
    assert program in make_cmd
    # The program's own arguments (workers, log level, concurrency, timeout) are the same.
    tail = re.compile(re.escape(program) + r"(.*?)(?:&&|\"|$)")
    compose_args = tail.search(compose_cmd).group(1).split()
    make_args = tail.search(make_cmd).group(1).split()
    ignore = {"--schedule", "/tmp/celerybeat-schedule", "var/celerybeat-schedule"}
    assert [a for a in compose_args if a not in ignore] == [a for a in make_args if a not in ignore]


def test_web_migrates_and_collects_static_like_make_web():
    web = command_of("web")
    assert "manage.py migrate --no-input" in web
    assert "manage.py collectstatic --no-input" in web
    assert "collectstatic --no-input" in make_recipe("web")
    assert "migrate" in MAKEFILE.split("\nweb:")[1].split("\n")[0]


def test_every_environment_variable_is_read_by_the_settings():
    read = settings_env_vars("base", "production") | {"DJANGO_SETTINGS_MODULE"}
    for service in APP_SERVICES:
        unknown = set(app_env(service)) - read
        assert not unknown, f"{service} sets variables no setting reads: {unknown}"


def test_every_required_production_variable_is_set():
    required = required_env_vars("base") | required_env_vars("production")
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOWED_HOSTS"} <= required
    for service in APP_SERVICES:
        env = app_env(service)
        assert env["DJANGO_SETTINGS_MODULE"] == "bmaplan.settings.production"
        assert required <= set(env), f"{service} misses {required - set(env)}"
        # Secrets come from the operator's environment, never from the file.
        assert env["DJANGO_SECRET_KEY"].startswith("${DJANGO_SECRET_KEY:?")
        assert "${POSTGRES_PASSWORD:?" in env["DATABASE_URL"]


def test_services_point_at_each_other():
    env = app_env("web")
    assert "@db:5432/" in env["DATABASE_URL"]
    assert env["REDIS_URL"].startswith("redis://redis:6379/")
    assert SERVICES["db"]["environment"]["POSTGRES_DB"] in env["DATABASE_URL"]
    assert "@db:5432/" in SERVICES["backup"]["environment"]["DATABASE_URL"]


def test_static_files_by_whitenoise_and_media_on_a_volume():
    from django.conf import settings

    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE
    base = (SETTINGS_DIR / "base.py").read_text()
    assert "CompressedManifestStaticFilesStorage" in base
    declared = set(COMPOSE["volumes"])
    assert {"pgdata", "media", "backups"} <= declared
    for service in APP_SERVICES:
        env = app_env(service)
        mounts = dict(v.split(":", 1) for v in SERVICES[service]["volumes"])
        assert mounts["media"] == env["DJANGO_MEDIA_ROOT"]
    assert "pgdata:/var/lib/postgresql/data" in SERVICES["db"]["volumes"]
    assert "backups:/backups" in SERVICES["backup"]["volumes"]
    assert "backup.sh" in command_of("backup")
    assert (ROOT / "scripts" / "backup.sh").exists()


def test_healthchecks_use_the_health_endpoint_and_real_probes():
    from django.urls import resolve

    web_check = " ".join(SERVICES["web"]["healthcheck"]["test"])
    path = re.search(r"127\.0\.0\.1:8000(/[^']*)", web_check).group(1)
    assert resolve(path).url_name == "health"
    assert "pg_isready" in " ".join(SERVICES["db"]["healthcheck"]["test"])
    assert "ping" in " ".join(SERVICES["redis"]["healthcheck"]["test"])
    for service in APP_SERVICES:
        deps = SERVICES[service]["depends_on"]
        assert deps["db"]["condition"] == deps["redis"]["condition"] == "service_healthy"


def test_settings_module_and_beat_schedule_exist():
    from django.conf import settings

    assert (SETTINGS_DIR / "production.py").exists()
    assert "worker-heartbeat" in settings.CELERY_BEAT_SCHEDULE
    assert (ROOT / "Dockerfile").read_text().count("EXPOSE 8000") == 1
