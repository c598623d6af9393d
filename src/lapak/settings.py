"""Settings, all from the environment (see docs/operations.md for the full list).

Defaults suit a developer's machine: an SQLite file under ./var/. Production entry points
(`lapak serve`, wsgi.py, asgi.py) refuse to start while DEBUG is on or SECRET_KEY is the default.
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("LAPAK_VAR_DIR", Path.cwd() / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEV_SECRET_KEY = "lapak-development-only-secret-key-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
DEBUG = env_bool("LAPAK_DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" + (",*" if DEBUG else ""))
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The region this installation serves: a Kemendagri code, and the folder holding its wilayah/kodepos CSVs.
LAPAK_REGION = os.environ.get("LAPAK_REGION", "32.13")
LAPAK_REGION_DATA = Path(os.environ.get("LAPAK_REGION_DATA", PACKAGE_DIR / "core" / "data"))

INSTALLED_APPS = [
    "lapak.accounts.admin_site.LapakAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves its Swagger UI from our static files, not a CDN
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "lapak.core",
    "lapak.accounts",
    "lapak.merchants",
    "lapak.catalog",
    "lapak.notifications",
    "lapak.orders",
    "lapak.payments",
    "lapak.program",
    "lapak.insights",
    "lapak.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lapak.core.security.ContentSecurityPolicyMiddleware",
    "lapak.core.request_body.RequestBodyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lapak.core.i18n.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "lapak.accounts.middleware.ActiveRoleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lapak.accounts.middleware.SessionLimitsMiddleware",
    "lapak.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a lockout into the login page with its message
]

ROOT_URLCONF = "lapak.urls"
WSGI_APPLICATION = "lapak.devserver.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lapak.accounts.context_processors.active_role",
                "lapak.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'lapak.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's SQLite backend ignores select_for_update: IMMEDIATE transactions take the write lock up front,
    # WAL lets readers continue meanwhile, and the busy timeout makes writers queue instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests use a file, not Django's shared in-memory database, whose table locks ignore the busy timeout:
    # concurrency tests must meet the locking production has.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"lapak-test-{os.getpid()}.sqlite3")
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Parameters bound by the server, and a statement a connection has run 5 times prepared: PostgreSQL then
    # skips parsing and planning it, which was half its time in a checkout (docs/benchmarks.md).
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)

# Shared by the server's workers and `lapak refresh-dashboards` (redis://host:6379/1); without it each
# process keeps its own cache in memory, which is enough for one process (the demo, tests).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if (url := os.environ.get("LAPAK_CACHE_URL"))
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["lapak.accounts.backends.IdentifierBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "insights:home"
# Password rules: see docs/security.md ("Authentication") for why these and not composition rules.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "lapak.accounts.passwords.LengthValidator",
        "OPTIONS": {"min_length": 8, "staff_min_length": 12},
    },
    {"NAME": "lapak.accounts.passwords.PersonalDataValidator"},
    {"NAME": "lapak.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "lapak.accounts.passwords.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Login throttling (django-axes, state in the database so every worker sees it; lapak.accounts.throttle).
# An account locks after AXES_FAILURE_LIMIT failures, an address after LAPAK_LOGIN_ADDRESS_FAILURE_LIMIT
# (higher: an office's staff share one public address), both for AXES_COOLOFF_TIME after the last failure.
# Failures during a lockout do not extend it, so an attacker cannot keep a real user out for long; a password
# reset lifts the account's lock.
AXES_FAILURE_LIMIT = int(os.environ.get("LAPAK_LOGIN_ACCOUNT_FAILURE_LIMIT", "5"))
LAPAK_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LAPAK_LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
LAPAK_LOGIN_COOLOFF_MINUTES = int(os.environ.get("LAPAK_LOGIN_COOLOFF_MINUTES", "15"))
AXES_COOLOFF_TIME = timedelta(minutes=LAPAK_LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "lapak.accounts.throttle.LoginThrottleHandler"
AXES_USERNAME_CALLABLE = "lapak.accounts.throttle.throttle_key"
AXES_LOCKOUT_CALLABLE = "lapak.accounts.throttle.lockout_response"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in the audit log
AXES_SENSITIVE_PARAMETERS = ["username", "identifier", "ip_address", "password"]
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "lapak.accounts.throttle.client_address"
# Behind one TLS-terminating proxy (nginx) that appends the client's address to X-Forwarded-For.
LAPAK_BEHIND_PROXY = env_bool("LAPAK_BEHIND_PROXY")
# Failed API bearer tokens per address per cool-off, counted in the shared cache (LAPAK_CACHE_URL).
LAPAK_API_TOKEN_FAILURE_LIMIT = int(os.environ.get("LAPAK_API_TOKEN_FAILURE_LIMIT", "20"))
LAPAK_API_TOKEN_DAYS = int(os.environ.get("LAPAK_API_TOKEN_DAYS", "90"))

# Two-factor (TOTP, django-otp) is required of DKUPP, OPD admin and pimpinan accounts (accounts.roles.
# ADMIN_ROLES). On by default; off by default only in debug (`lapak demo`, whose login page says so).
LAPAK_REQUIRE_2FA = env_bool("LAPAK_REQUIRE_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = os.environ.get("LAPAK_OTP_ISSUER", "Lapak Subang")
# Sessions: they end after this much idleness or this long after login, whichever comes first; staff roles
# (ADMIN_ROLES) get the shorter limits. Sensitive actions ask for the password again after
# LAPAK_REAUTH_MINUTES.
LAPAK_SESSION_IDLE_MINUTES_STAFF = int(os.environ.get("LAPAK_SESSION_IDLE_MINUTES_STAFF", "30"))
LAPAK_SESSION_MAX_HOURS_STAFF = int(os.environ.get("LAPAK_SESSION_MAX_HOURS_STAFF", "12"))
LAPAK_SESSION_IDLE_MINUTES = int(os.environ.get("LAPAK_SESSION_IDLE_MINUTES", str(60 * 24 * 3)))
LAPAK_SESSION_MAX_HOURS = int(os.environ.get("LAPAK_SESSION_MAX_HOURS", str(24 * 14)))
SESSION_COOKIE_AGE = max(LAPAK_SESSION_MAX_HOURS, LAPAK_SESSION_MAX_HOURS_STAFF) * 3600
LAPAK_REAUTH_MINUTES = int(os.environ.get("LAPAK_REAUTH_MINUTES", "15"))

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# Search (see lapak.catalog.search): how many matches are ranked per query, the weight of exposure for
# shops with few recent orders against how well the name matches (0: relevance only), and whether the first
# page interleaves shops.
LAPAK_SEARCH_CANDIDATES = int(os.environ.get("LAPAK_SEARCH_CANDIDATES", "600"))
LAPAK_SEARCH_EXPOSURE_WEIGHT = float(os.environ.get("LAPAK_SEARCH_EXPOSURE_WEIGHT", "0.5"))
LAPAK_SEARCH_SPREAD = env_bool("LAPAK_SEARCH_SPREAD", default=True)

# Orders and payments (see lapak.orders.lifecycle): a checkout's idempotency key lives this long; unpaid
# orders are cancelled after LAPAK_ORDER_PAYMENT_HOURS; handed-over orders complete after
# LAPAK_ORDER_AUTOCOMPLETE_DAYS unless the buyer complains.
LAPAK_CHECKOUT_KEY_HOURS = int(os.environ.get("LAPAK_CHECKOUT_KEY_HOURS", "24"))
LAPAK_ORDER_PAYMENT_HOURS = int(os.environ.get("LAPAK_ORDER_PAYMENT_HOURS", "24"))
LAPAK_ORDER_AUTOCOMPLETE_DAYS = int(os.environ.get("LAPAK_ORDER_AUTOCOMPLETE_DAYS", "3"))
# Belanja langsung (in-store purchases): the largest amount one claim may record, claims per buyer per day,
# and how long a claim waits for the shop's confirmation.
LAPAK_INSTORE_MAX_AMOUNT = int(os.environ.get("LAPAK_INSTORE_MAX_AMOUNT", "2000000"))
LAPAK_INSTORE_DAILY_CLAIMS = int(os.environ.get("LAPAK_INSTORE_DAILY_CLAIMS", "5"))
LAPAK_INSTORE_CLAIM_MINUTES = int(os.environ.get("LAPAK_INSTORE_CLAIM_MINUTES", "60"))
# ASN program: reminders this many days before the month's last day, to ASN still short.
LAPAK_REMINDER_DAYS = [int(d) for d in env_list("LAPAK_REMINDER_DAYS", "7,3,1")]
# Public statistics: cells from fewer distinct buyers than this are suppressed; figures are cached this long.
LAPAK_PUBLIC_MIN_BUYERS = int(os.environ.get("LAPAK_PUBLIC_MIN_BUYERS", "5"))
LAPAK_PUBLIC_CACHE_SECONDS = int(os.environ.get("LAPAK_PUBLIC_CACHE_SECONDS", "600"))
# DKUPP / pimpinan dashboard (lapak.insights.dashboard): figures per month range are cached this long; the
# digitalisation target (UMKM on record); the letterhead of the monthly program report, one line each.
LAPAK_DASHBOARD_CACHE_SECONDS = int(os.environ.get("LAPAK_DASHBOARD_CACHE_SECONDS", "300"))
LAPAK_UMKM_TARGET = int(os.environ.get("LAPAK_UMKM_TARGET", "122000"))
# From the environment, lines are separated by "|" (a line may contain commas).
LAPAK_LETTERHEAD_LINES = [
    line.strip()
    for line in os.environ.get(
        "LAPAK_LETTERHEAD_LINES",
        "PEMERINTAH KABUPATEN SUBANG|DINAS KOPERASI, USAHA KECIL DAN MENENGAH, PERDAGANGAN DAN PERINDUSTRIAN",
    ).split("|")
    if line.strip()
]
# API rate limits (django-ninja throttles, counted in the shared cache): per client address without a token,
# per account with one. Payment gateways post from few addresses: keep the anonymous rate above their bursts.
LAPAK_API_RATE_ANONYMOUS = os.environ.get("LAPAK_API_RATE_ANONYMOUS", "300/min")
LAPAK_API_RATE_TOKEN = os.environ.get("LAPAK_API_RATE_TOKEN", "600/min")

LAPAK_MIDTRANS_SERVER_KEY = os.environ.get("LAPAK_MIDTRANS_SERVER_KEY", "")
LAPAK_XENDIT_CALLBACK_TOKEN = os.environ.get("LAPAK_XENDIT_CALLBACK_TOKEN", "")
# Background work (an import, sending notifications) runs in a thread after commit; inline when set (tests).
LAPAK_RUN_JOBS_INLINE = env_bool("LAPAK_RUN_JOBS_INLINE")
LAPAK_WHATSAPP_SENDER = os.environ.get(
    "LAPAK_WHATSAPP_SENDER", "lapak.notifications.senders.LoggingWhatsAppSender"
)

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Uploads with personal data (import spreadsheets, transfer proofs, receipts, appeal evidence): no URL maps
# this folder, and no web server may serve it; PrivateStorage and views that check who asks hand files out.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("LAPAK_PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
# Request bodies other than uploaded files (forms, JSON, gateway notifications) above this are a 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Lapak <noreply@lapak.localhost>")

# Production hardening. Behind a TLS-terminating proxy set LAPAK_BEHIND_PROXY=1.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 0 if DEBUG else 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_SSL_REDIRECT = env_bool("LAPAK_SSL_REDIRECT", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if LAPAK_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "lapak.core.privacy.MaskPersonalDataFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_personal_data"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Replaces Django's handlers (an unmasked console in debug, mail to ADMINS with the request):
        # everything goes through the masked console.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
# Error reports (the 500 page in debug, any report sent anywhere) mask NIK, NIP and phone numbers too.
DEFAULT_EXCEPTION_REPORTER_FILTER = "lapak.core.privacy.MaskingExceptionReporterFilter"
