"""The one settings file. Every value that differs between machines comes from the environment;
the defaults run the demo on SQLite. A bad value stops start-up with a message that names it."""

import json
import os
import warnings
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.envfile import load_env_file

BASE_DIR = Path(__file__).resolve().parent.parent

# The checkout's local settings (.env, written by `make run`; not in git) fill in what the
# environment leaves unset; ENV_FILE names another file, or none when empty.
load_env_file(BASE_DIR / ".env")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}.")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None


def env_list(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random value "
            "(for example: python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-development-key-only-used-when-debug-is-on"
elif not DEBUG and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure")):
    # Sessions, password-reset links and the signed import confirmations rest on this key.
    raise ImproperlyConfigured(
        f"SECRET_KEY is too weak ({len(SECRET_KEY)} characters). Use at least 50 random characters "
        "(for example: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_dkfds",
    "csp",
    "config.apps.DanishAxesConfig",
    "django_tasks",
    "config.apps.DanishTasksConfig",
    "organisation",
    "barometer",
    "redegorelse",
    "home",
    "backup",
]

MIDDLEWARE = [
    # First, so that the request id and the duration cover everything below it.
    "config.requestlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.language.language_middleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A full or read-only media storage gives a Danish page saying nothing was saved.
    "config.storage.StorageErrorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "organisation.context_processors.roles",
                "redegorelse.context_processors.notifications",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id at OWASP's parameters (organisation/hashers.py); the others only to check passwords
# stored before, each stored again with Argon2id at its user's next sign-in.
PASSWORD_HASHERS = [
    "organisation.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "login"

# The throttling backend comes first: it refuses a locked-out user before any password is checked.
AUTHENTICATION_BACKENDS = [
    "organisation.signin.ThrottledBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Sign-in throttling (django-axes, database handler, so every app server sees the same failures):
# a username is locked from one address after LOGIN_FAILURE_LIMIT failures, for
# LOGIN_COOLOFF_MINUTES; a successful sign-in resets the count.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "organisation.signin.lockout_response"
AXES_CLIENT_IP_CALLABLE = "organisation.signin.client_ip"
AXES_WHITELIST_CALLABLE = "organisation.signin.is_not_a_password_attempt"
# Behind nginx every request comes from 127.0.0.1: the client's address is then the one the
# nearest TRUSTED_PROXY_COUNT proxies appended to X-Forwarded-For.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Sessions live in the database (Django's default), so any app server can serve any request. They
# end after SESSION_IDLE_MINUTES without a request; every request moves the end forward. A form
# posted after that is kept and saved after the next sign-in (redegorelse.pending).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 8 * 60) * 60
SESSION_SAVE_EVERY_REQUEST = True

# Single sign-on with OpenID Connect (Microsoft Entra ID or AD FS), on when OIDC_RP_CLIENT_ID is
# set. Users are matched on the provider's stable subject, never on e-mail, and get their roles
# from OIDC_GROUP_MAP; a user none of whose groups is mapped gets no account.
OIDC_ROLES = ("case_worker", "committee_secretary", "bif_staff", "administrator")  # organisation.Role
OIDC_SCOPED_ROLES = ("case_worker", "committee_secretary")


def parse_group_map(raw):
    """OIDC_GROUP_MAP: entries GROUP=ROLE or GROUP=ROLE:ABBREVIATION separated by ";" or new lines,
    or a JSON object {"GROUP": "ROLE:ABBREVIATION"}. The abbreviation names the department of a
    case worker or the committee of a secretary. Returns a tuple of (group, role, abbreviation)."""
    raw = raw.strip()
    if raw.startswith("{"):
        try:
            pairs = list(json.loads(raw).items())
        except ValueError as error:
            raise ImproperlyConfigured(f"OIDC_GROUP_MAP is not valid JSON: {error}.") from None
    else:
        pairs = []
        for entry in raw.replace("\n", ";").split(";"):
            if not entry.strip():
                continue
            group, sep, target = entry.rpartition("=")
            if not sep or not group.strip():
                raise ImproperlyConfigured(f"OIDC_GROUP_MAP entry {entry.strip()!r} is not GROUP=ROLE[:ABBREVIATION].")
            pairs.append((group, target))
    mapping = []
    for group, target in pairs:
        role, _sep, scope = str(target).strip().partition(":")
        if role not in OIDC_ROLES:
            raise ImproperlyConfigured(
                f"OIDC_GROUP_MAP maps {group.strip()!r} to unknown role {role!r}; use one of {', '.join(OIDC_ROLES)}."
            )
        if (role in OIDC_SCOPED_ROLES) != bool(scope.strip()):
            raise ImproperlyConfigured(
                f"OIDC_GROUP_MAP: {role} needs a department or committee abbreviation "
                f"(case_worker:TMF, committee_secretary:TMU) and only those roles take one; got {target!r}."
            )
        mapping.append((group.strip(), role, scope.strip()))
    return tuple(mapping)


OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "")
OIDC_GROUP_MAP = parse_group_map(os.environ.get("OIDC_GROUP_MAP", ""))
OIDC_SUBJECT_CLAIM = os.environ.get("OIDC_SUBJECT_CLAIM", "sub")
OIDC_GROUPS_CLAIM = os.environ.get("OIDC_GROUPS_CLAIM", "groups")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid profile email")
# mozilla-django-oidc's defaults are HS256, no PKCE and no timeout; none of them will do.
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT_SECONDS", 10)
if OIDC_ENABLED:
    _missing = [
        name
        for name in (
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
            "OIDC_OP_ISSUER",
            "OIDC_GROUP_MAP",
        )
        if not globals()[name]
    ]
    if _missing:
        raise ImproperlyConfigured(f"OIDC_RP_CLIENT_ID is set, so single sign-on also needs {', '.join(_missing)}.")
    AUTHENTICATION_BACKENDS.append("organisation.oidc.OIDCBackend")

# Danish first; English is the second language. Dates are dd.mm.åååå and decimals use a comma in
# both, because the documents they end up in are Danish.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("Engelsk"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
# Grouping is asked for where a number needs it (floatformat:"g"), so years never read "2.009".
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"  # never served directly: bilag go through permission-checked views
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    # Written to a temporary name and renamed when whole (config/storage.py).
    "default": {"BACKEND": "config.storage.AtomicFileSystemStorage"},
    # The vendored DKFDS CSS refers to font formats we do not ship (eot, ttf, woff), so the
    # manifest storage, which insists on every referenced file, is not usable here.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Several machines share the media either on a network file system (MEDIA_ROOT) or in
# S3-compatible object storage (MEDIA_STORAGE=s3, through django-storages).
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "s3":
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            # Bilag are private: no public ACL, and a name is never silently reused.
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be filesystem or s3; got {MEDIA_STORAGE!r}.")
# With nginx in front, a permission-checked download is handed to nginx with X-Accel-Redirect to
# this internal location (which must map to MEDIA_ROOT), e.g. /_protected/. Empty: Django sends it.
X_ACCEL_REDIRECT_PREFIX = os.environ.get("X_ACCEL_REDIRECT_PREFIX", "")
if X_ACCEL_REDIRECT_PREFIX and not (X_ACCEL_REDIRECT_PREFIX.startswith("/") and X_ACCEL_REDIRECT_PREFIX.endswith("/")):
    raise ImproperlyConfigured(f"X_ACCEL_REDIRECT_PREFIX must start and end with /; got {X_ACCEL_REDIRECT_PREFIX!r}.")
# Without collectstatic (make run, tests) WhiteNoise serves straight from the finders, and its
# warning about the missing STATIC_ROOT is noise.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", True)
if WHITENOISE_USE_FINDERS:
    warnings.filterwarnings("ignore", message="No directory at: ", category=UserWarning)

# Bilag: the per-file limit is checked by the upload form (DATA_UPLOAD_MAX_MEMORY_SIZE does not
# cover files); the zip limits stop DOCX/XLSX bombs while they are being inspected.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_MB", 25) * 1024 * 1024
ATTACHMENT_MAX_PER_REPORT = env_int("ATTACHMENT_MAX_PER_REPORT", 30)
# /healthz reports the media storage as low on space below this many MB free.
HEALTH_MIN_FREE_MB = env_int("HEALTH_MIN_FREE_MB", 500)

# Background jobs (the samlet statusrapport export): the database backend, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# A task row RUNNING for longer than this (its worker died) is put back in the queue by the next
# worker that starts or reconnects (manage.py run_worker).
TASK_ORPHAN_SECONDS = env_int("TASK_ORPHAN_SECONDS", 15 * 60)
# A running export whose worker has not reported for this long is marked failed and can be retried.
STATUSREPORT_HEARTBEAT_TIMEOUT = env_int("STATUSREPORT_HEARTBEAT_SECONDS", 120)
# Worker processes that render the statusrapport's pieces (redegorelse/statusreport_pieces.py).
STATUSREPORT_WORKERS = max(1, env_int("STATUSREPORT_WORKERS", os.cpu_count() or 1))
ATTACHMENT_MAX_UNCOMPRESSED_BYTES = env_int("ATTACHMENT_MAX_UNCOMPRESSED_MB", 250) * 1024 * 1024
ATTACHMENT_MAX_ZIP_ENTRIES = 5000
DATA_UPLOAD_MAX_NUMBER_FILES = ATTACHMENT_MAX_PER_REPORT

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "integrationsredegorelse@kk.dk")
# Notification e-mails are sent by the task worker; a failed send is tried again after 1, 2, 4 …
# minutes, this many times in all, then listed for BIF as not delivered.
NOTIFICATION_EMAIL_ATTEMPTS = env_int("NOTIFICATION_EMAIL_ATTEMPTS", 5)
NOTIFICATION_EMAIL_RETRY_SECONDS = env_int("NOTIFICATION_EMAIL_RETRY_SECONDS", 60)

CRISPY_ALLOWED_TEMPLATE_PACKS = ("dkfds",)
CRISPY_TEMPLATE_PACK = "dkfds"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Anything several app servers must agree on (sessions, sign-in failures, messages) is in the
# database. The caches hold the barometer's charts and rendered pieces of pages, keyed by a digest of
# everything they show and of the code that writes them (barometer/chart_cache.py, config/fragments.py),
# so a cached piece is never stale: "default" is each process's own memory, "charts" a database table
# every app server shares (created by the barometer migration chart_cache_table), so a chart or piece
# is written once for all of them.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}},
    "charts": {
        "BACKEND": "config.cache.BulkDatabaseCache",
        "LOCATION": "chart_cache",
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
    # Rendered pieces of pages (config/fragments.py), up to some hundred KB each: few are kept in
    # each process's memory; the "charts" table shares them between processes and machines.
    "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 64}},
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)
# No script reads the CSRF cookie (forms, htmx included, send the token as a field).
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content-Security-Policy (django-csp): scripts only from our own static files, never inline. Styles
# allow inline because the barometer's SVG charts carry their own <style> element.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Absolute links in e-mails (notifications, reminders) start with this.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Shown in the footer and on the accessibility statement.
SERVICE_OWNER = os.environ.get("SERVICE_OWNER", "Beskæftigelses- og Integrationsforvaltningen")
SERVICE_CONTACT_EMAIL = os.environ.get("SERVICE_CONTACT_EMAIL", "integration@kk.dk")

# LOG_FORMAT=json writes one JSON object a line (for a log collector); every line carries the
# request id and user id of the request it belongs to (config.requestlog).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json; got {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "config.requestlog.RequestContextFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "config.requestlog.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request"], "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # WeasyPrint is chatty about CSS it ignores; its progress logger is read separately.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
        # django-axes logs every sign-in at INFO; lockouts are warnings.
        "axes": {"level": "WARNING"},
    },
}
