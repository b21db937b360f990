"""Settings shared by every environment.

Values come from the environment (django-environ). A setting with no default raises
``ImproperlyConfigured`` at start-up, so a missing production value fails loudly.
"""

from datetime import timedelta
from pathlib import Path

import environ
import fontpkg_sarabun
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    environ.Env.read_env(str(env_file))

SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "pgtrigger",
    "pghistory",
    "core",
    "orgs",
    "accounts",
    "frameworks",
    "plans",
    "kpis",
    "projects",
    "progress",
    "scoring",
    "documents",
    "audit",
    "editor",
    "reporting",
    "dashboards",
]

# Security: Content Security Policy and login throttling (see below).
INSTALLED_APPS += ["csp", "axes"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "editor.middleware.ThaiByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bmaplan.urls"
WSGI_APPLICATION = "bmaplan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "editor.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "accounts.security.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Login throttling (django-axes): 5 failures for one username from one address lock that
# pair for 15 minutes; the answer is Thai (accounts.security.lockout_response).
AXES_FAILURE_LIMIT = env.int("BMAPLAN_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("BMAPLAN_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.security.lockout_response"
AXES_VERBOSE = False
# Behind N trusted reverse proxies set BMAPLAN_PROXY_COUNT=N; otherwise X-Forwarded-For is
# ignored (a client could forge it to dodge the lockout).
AXES_IPWARE_PROXY_COUNT = env.int("BMAPLAN_PROXY_COUNT", default=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# Sessions end after 8 hours (a working day) and when the browser closes.
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Content Security Policy (django-csp): scripts only from our own static files, no inline
# script or on* handler anywhere (tests/security/test_csp.py renders the pages to check).
# Inline style attributes stay allowed: they cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Thai first; English is the switch.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Sarabun, served from our own static files (never a font CDN).
    ("fonts/sarabun", Path(fontpkg_sarabun.ROOT) / "files"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded evidence and generated PDFs live outside the web root and are served by views
# that check permissions, never as static files.
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    # Reminder emails: 3 days before each reporting deadline and on overdue days.
    "send-reporting-reminders": {
        "task": "progress.send_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    # Worker heartbeat read by /healthz/ (stale after BMAPLAN_HEARTBEAT_STALE_SECONDS).
    "worker-heartbeat": {"task": "core.heartbeat", "schedule": 60.0},
    # Fails document jobs left queued/running by a lost worker (documents.services).
    "documents-sweep": {"task": "documents.cleanup_documents", "schedule": 300.0},
}
BMAPLAN_HEARTBEAT_STALE_SECONDS = env.int("BMAPLAN_HEARTBEAT_STALE_SECONDS", default=300)

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("CACHE_URL", default=REDIS_URL.rsplit("/", 1)[0] + "/1"),
    }
}

EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="bmaplan@localhost")

REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes anonymous requests 401 rather than 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.tokens.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.StandardPagination",
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.BmaplanAutoSchema",
    "EXCEPTION_HANDLER": "core.api.exceptions.api_exception_handler",
    "PAGE_SIZE": 50,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "bmaplan API",
    "DESCRIPTION": "BMA annual action plans, KPIs, projects and monthly progress.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Docs are served from local static files (drf-spectacular-sidecar), never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "PlanStatusEnum": "plans.models.PlanStatus",
        "ReportStatusEnum": "progress.models.ReportStatus",
        "BudgetStatusEnum": "projects.models.BudgetStatus",
        "OrgUnitKindEnum": "orgs.models.OrgUnitKind",
        "FrameworkKindEnum": "frameworks.models.FrameworkKind",
        "ProjectKindEnum": "projects.models.ProjectKind",
        "ScaleKindEnum": "kpis.models.ScaleKind",
        "ScoreStatusEnum": ["on_track", "at_risk", "off_track", "no_data"],
    },
}

# Change history (audit app): triggers are installed after migrate rather than through each
# app's migrations, so the tracked apps' migrations stay theirs.
PGTRIGGER_MIGRATIONS = False
PGTRIGGER_INSTALL_ON_MIGRATE = True

# Domain settings.
BMAPLAN_SITE_URL = env("BMAPLAN_SITE_URL", default="http://127.0.0.1:8000")
BMAPLAN_PUBLIC_VIEW = env.bool("BMAPLAN_PUBLIC_VIEW", default=False)
BMAPLAN_EVIDENCE_MAX_BYTES = env.int("BMAPLAN_EVIDENCE_MAX_BYTES", default=20 * 1024 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"pgtrigger": {"level": "WARNING"}},
}
