"""Settings read from the environment (documented in `.env.example`).

Defaults are safe for the demo: an SQLite file under `var/`, local accounts,
DEBUG on only when LIKVARD_DEBUG says so. `production.py` refuses to start
without a secret key, allowed hosts and a real database.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from likvard.access.keys import keys_from_environment as audit_keys_from_environment

SRC_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = SRC_DIR.parent.parent
VAR_DIR = Path(os.environ.get("LIKVARD_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    """Read a boolean from the environment ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    """Read a whole number from the environment."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_time_of_day(name: str, default: str) -> datetime.time | None:
    """Read a time of day, HH:MM, from the environment; "off" (or empty) is None."""
    value = os.environ.get(name, default).strip()
    if value.lower() in {"", "off"}:
        return None
    try:
        return datetime.time.fromisoformat(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a time of day (HH:MM) or off, not {value!r}."
        ) from None


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated list from the environment."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("LIKVARD_DEBUG", False)
# Demo mode: local demo accounts exist and `make run` may build a demo municipality.
DEMO_MODE = env_bool("LIKVARD_DEMO", True)
SECRET_KEY = os.environ.get("LIKVARD_SECRET_KEY", "demo-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = env_list("LIKVARD_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("LIKVARD_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # the API docs' JS and CSS served from here, not a CDN
    "django_tasks",
    "django_tasks_db",  # the job queue's table; its jobs are listed in the admin
    "likvard.organisation",
    "likvard.people",
    "likvard.reports",
    "likvard.casework",
    "likvard.access",
    "likvard.logreview",
    "likvard.guidelines",
    "likvard.journal",
    "likvard.documents",
    "likvard.interventions",
    "likvard.partners",
    "likvard.notices",
    "likvard.bbic",
    "likvard.quality",
    "likvard.search",
    "likvard.intake",
    "likvard.throttle",
    "likvard.inspection",
    "likvard.oversight",
    "likvard.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "likvard.access.auth.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "likvard.intake.language.ReporterLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "likvard.access.auth.sessions.SessionAgeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "likvard.access.middleware.RequestIdMiddleware",
    "likvard.access.middleware.DeniedAccessMiddleware",
    # Innermost, so that its process_exception sees a cancelled statement first.
    "likvard.database.StatementTimeoutMiddleware",
]

ROOT_URLCONF = "likvard.urls"
WSGI_APPLICATION = "likvard.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'likvard.sqlite3'}",
        conn_max_age=int(os.environ.get("LIKVARD_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # a fresh clone has no var/ yet
    # Wait for a writer instead of failing at once; WAL lets readers go on.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "organisation.User"
# Every read of case data is logged. Off only for the audit-overhead benchmark
# (bench/); production settings refuse to start with it off.
LIKVARD_AUDIT_READS = env_bool("LIKVARD_AUDIT_READS", True)
# The job queue (Django's tasks API, backported): jobs are rows in this database and
# `likvard worker` runs them (docs/operations.md, "Job worker"). The first job: the
# quality counts' refresh after each commit that wrote case data (quality/rollup.py).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# PostgreSQL cancels a web request's statement after this many milliseconds (0: never);
# management commands are not limited (likvard/database.py).
LIKVARD_STATEMENT_TIMEOUT_MS = env_int("LIKVARD_STATEMENT_TIMEOUT_MS", 30000)
# The audit log's MAC keys, held outside the database (access/keys.py, docs/operations.md):
# the id of the key that signs new entries, and every key by id (old ones for verify).
# Unset: the public development key, which production settings refuse.
LIKVARD_AUDIT_KEY_ID, LIKVARD_AUDIT_KEYS = audit_keys_from_environment(os.environ)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"

# Sign-in (docs/security.md, "Sign-in"). Every password check goes through the
# lockout backend: the sign-in page, the admin and the API's basic authentication.
AUTHENTICATION_BACKENDS = ["likvard.access.auth.backends.LockoutModelBackend"]
# After this many failed sign-ins for a username within the minutes, the username
# is refused for that many minutes, right password or not.
LIKVARD_LOCKOUT_ATTEMPTS = env_int("LIKVARD_LOCKOUT_ATTEMPTS", 5)
LIKVARD_LOCKOUT_MINUTES = env_int("LIKVARD_LOCKOUT_MINUTES", 15)
if LIKVARD_LOCKOUT_ATTEMPTS < 1 or LIKVARD_LOCKOUT_MINUTES < 1:
    raise ImproperlyConfigured("LIKVARD_LOCKOUT_ATTEMPTS and _MINUTES must be 1 or more.")

# OpenID Connect (the municipality's identity provider): on when its variables are
# set, all of them; it signs in existing staff accounts only (access/auth/oidc.py).
_OIDC = {
    name: os.environ.get(f"LIKVARD_OIDC_{name}", "").strip()
    for name in (
        "RP_CLIENT_ID",
        "RP_CLIENT_SECRET",
        "OP_AUTHORIZATION_ENDPOINT",
        "OP_TOKEN_ENDPOINT",
        "OP_USER_ENDPOINT",
        "OP_JWKS_ENDPOINT",
    )
}
LIKVARD_OIDC_ENABLED = any(_OIDC.values())
if LIKVARD_OIDC_ENABLED:
    _missing = [f"LIKVARD_OIDC_{name}" for name, value in _OIDC.items() if not value]
    if _missing:
        raise ImproperlyConfigured(
            "OpenID Connect is partly configured; also set " + ", ".join(_missing) + "."
        )
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("likvard.access.auth.oidc.StaffOIDCBackend")
    OIDC_RP_CLIENT_ID = _OIDC["RP_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = _OIDC["RP_CLIENT_SECRET"]
    OIDC_OP_AUTHORIZATION_ENDPOINT = _OIDC["OP_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = _OIDC["OP_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = _OIDC["OP_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = _OIDC["OP_JWKS_ENDPOINT"]
    OIDC_RP_SIGN_ALGO = os.environ.get("LIKVARD_OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = os.environ.get("LIKVARD_OIDC_RP_SCOPES", "openid email profile")
    OIDC_USE_PKCE = True
    OIDC_CREATE_USER = False  # roles and districts are assigned by an administrator
    LOGIN_REDIRECT_URL_FAILURE = "/logga-in/?oidc=fel"
#: The claim that names the staff member: `email` matches the e-mail address, any
#: other claim (e.g. `preferred_username`, `upn`) matches the username.
LIKVARD_OIDC_MATCH_CLAIM = os.environ.get("LIKVARD_OIDC_MATCH_CLAIM", "email")

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Swedish is the source language of every UI string (see docs/adr/0002).
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("Engelska"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Stockholm"
USE_TZ = True

STATIC_URL = "static/"
# Collected static files (production: `likvard collectstatic`); unset in the demo.
STATIC_ROOT = os.environ.get("LIKVARD_STATIC_ROOT") or None
STATICFILES_DIRS = [SRC_DIR / "static"]
# WhiteNoise serves static files from the app itself (no separate web server needed);
# in the demo it reads them from the source folders, so no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# A report that arrives at or after this local time (Stockholm) may have its protection
# assessment the next day; before it, the same day (SoL 20:1, "genast"). "off": always
# the same day. The municipality's choice; stored on each report when it is registered.
LIKVARD_LATE_REPORT_FROM = env_time_of_day("LIKVARD_LATE_REPORT_FROM", "16:00")

# The population register asked for a child's name, sex, address and guardians
# (people/register.py): a dotted path to a PopulationRegister class, or empty for none.
# The demo's synthetic register invents fictitious families; production names the
# municipality's adapter to Navet (docs/operations.md).
LIKVARD_POPULATION_REGISTER = os.environ.get(
    "LIKVARD_POPULATION_REGISTER",
    "likvard.people.register.SyntheticRegister" if DEMO_MODE else "",
)
# Documents in a child's file (likvard.documents): stored as files under this
# directory, which no URL serves; every download goes through a view that checks
# scope and logs it. The largest upload in bytes and the accepted types (by their
# first bytes, not the file name): only PDF and images; Office files are saved as PDF.
LIKVARD_DOCUMENT_ROOT = Path(os.environ.get("LIKVARD_DOCUMENT_ROOT", VAR_DIR / "documents"))
LIKVARD_DOCUMENT_MAX_BYTES = env_int("LIKVARD_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
LIKVARD_DOCUMENT_TYPES = env_list("LIKVARD_DOCUMENT_TYPES", "pdf,png,jpeg")

# Sessions end after LIKVARD_IDLE_MINUTES without a request (the stored session's
# age is the idle time; requests renew it, at most once a minute), when the browser
# closes, and LIKVARD_SESSION_MAX_HOURS after sign-in however busy
# (access/auth/sessions.py).
LIKVARD_IDLE_MINUTES = env_int("LIKVARD_IDLE_MINUTES", 30)
LIKVARD_SESSION_MAX_HOURS = env_int("LIKVARD_SESSION_MAX_HOURS", 10)
SESSION_COOKIE_AGE = LIKVARD_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = False  # SessionAgeMiddleware renews it once a minute
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (access/auth/headers.py): no inline scripts or styles.
LIKVARD_CSP = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "style-src": ["'self'"],
    "script-src": ["'self'"],
    "object-src": ["'none'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
#: Browser features no page of Likvärd uses (Permissions-Policy: feature=()).
LIKVARD_PERMISSIONS_POLICY_DENY = [
    "accelerometer",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "payment",
    "usb",
]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["likvard.access.permissions.IsCaseworkStaff"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "likvard.api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Likvärd API",
    "DESCRIPTION": "Orosanmälningar, barn, förhandsbedömningar och beslut. "
    "Samma regler, behörigheter och logg som i webbgränssnittet.",
    "VERSION": "0.1.0",
    # Swagger UI from drf-spectacular-sidecar (this origin), as the CSP requires.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # A deep link is an <a> inside each operation's <button>: nested interactive
    # elements (axe, WCAG 4.1.2); the highlighter's colours have too little contrast
    # (inline styles, which no style sheet can fix). The page: api/docs.html.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "syntaxHighlight": False},
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a `state` or an `outcome` with different choices: name each.
    "ENUM_NAME_OVERRIDES": {
        "ReportStateEnum": "likvard.reports.workflow.ReportState",
        "InvestigationStateEnum": "likvard.reports.workflow.InvestigationState",
        "PoliceReportOutcomeEnum": "likvard.casework.models.PoliceReportConsideration.Outcome",
        "InvestigationOutcomeEnum": "likvard.casework.models.Investigation.Outcome",
        "KindEnum": "likvard.reports.workflow.DecisionKind",  # the name it had alone
        "JournalEntryKindEnum": "likvard.journal.models.Kind",
        "InterventionKindEnum": "likvard.interventions.models.Kind",
        "ConsentStatusEnum": "likvard.interventions.models.Consent.Status",
        "MotivationWorkKindEnum": "likvard.interventions.models.MotivationWork.WorkKind",
        "MotivationWorkOutcomeEnum": "likvard.interventions.models.MotivationWork.Outcome",
        "LvuConsiderationOutcomeEnum": "likvard.interventions.models.LvuConsideration.Outcome",
        "LvuCareEndReasonEnum": "likvard.interventions.models.LvuCareEnd",
        # The oversight register (oversight/models.py, oversight/states.py).
        "OversightKindEnum": "likvard.oversight.models.Kind",
        "OversightOutcomeEnum": "likvard.oversight.models.Outcome",
        "OversightStateEnum": "likvard.oversight.states.State",
        # The BBIC investigation (bbic/models.py, bbic/triangle.py).
        "BbicAreaEnum": "likvard.bbic.triangle.Area",
        "BbicSideEnum": "likvard.bbic.triangle.Side",
        "MeetingKindEnum": "likvard.bbic.models.MeetingKind",
        "InterpreterKindEnum": "likvard.bbic.models.InterpreterKind",
        "InterpreterNeedKindEnum": "likvard.bbic.models.NeedKind",
        "NetworkContactKindEnum": "likvard.bbic.models.NetworkKind",
        "NetworkConsentEnum": "likvard.bbic.models.Consent",
        "CommunicationMethodEnum": "likvard.bbic.models.CommunicationMethod",
        "MethodEnum": "likvard.reports.models.Feedback.Method",  # the name it had alone
    },
}

# The demo and development write each e-mail to a file under var/mail (the feedback
# to reporters, the protection alerts); production names a real backend.
EMAIL_BACKEND = os.environ.get(
    "LIKVARD_EMAIL_BACKEND",
    # The demo writes each mail to a file under var/mail (no mail leaves the machine).
    "django.core.mail.backends.filebased.EmailBackend"
    if DEMO_MODE
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_FILE_PATH = os.environ.get("LIKVARD_EMAIL_FILE_PATH", str(VAR_DIR / "mail"))

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The public e-service (likvard.intake; docs/operations.md, "The e-service"):
# at most LIMIT submissions per client address in WINDOW seconds ("20/3600"), counted
# in the host's database (likvard.throttle).
_RATE = os.environ.get("LIKVARD_INTAKE_RATE_LIMIT", "20/3600").split("/")
LIKVARD_INTAKE_RATE_LIMIT = (int(_RATE[0]), int(_RATE[1]))
# Behind a reverse proxy that sets X-Forwarded-For, count the address it names.
LIKVARD_INTAKE_TRUST_FORWARDED_FOR = env_bool("LIKVARD_INTAKE_TRUST_FORWARDED_FOR", False)
LIKVARD_INTAKE_RECEIPT_FROM = os.environ.get(
    "LIKVARD_INTAKE_RECEIPT_FROM", "Socialtjänsten <ingen-svarsadress@example.se>"
)
# The credential of the internal intake API (POST /api/intake/reports/); empty: the
# API refuses every request. The public host sends it; see settings/public.py.
LIKVARD_INTAKE_API_TOKEN = os.environ.get("LIKVARD_INTAKE_API_TOKEN", "")
# Where the e-service hands reports over: empty calls intake in this process (the demo,
# one host); the public host names the internal host's /api/intake/reports/.
LIKVARD_INTAKE_API_URL = os.environ.get("LIKVARD_INTAKE_API_URL", "")
LIKVARD_INTAKE_API_TIMEOUT = env_int("LIKVARD_INTAKE_API_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = os.environ.get("LIKVARD_FROM_EMAIL", "socialtjansten@likvard.example")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LIKVARD_LOG_LEVEL", "INFO")},
}
