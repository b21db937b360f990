"""Settings for the benchmark server: test settings plus the bare baseline view."""

from bmaplan.settings.test import *  # noqa: F403

ROOT_URLCONF = "bench.bare"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
