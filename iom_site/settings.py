"""Settings for iom_site: one module, every deployable value read from the environment.

The defaults are safe and local: SQLite in the project folder, media in ./media, an in-memory
cache, DEBUG off. Production sets DATABASE_URL, REDIS_URL, DJANGO_SECRET_KEY,
DJANGO_ALLOWED_HOSTS, DJANGO_HTTPS=True, DJANGO_TRUSTED_PROXIES (and DJANGO_MEDIA_ROOT or another
storage): README, "Production"; `manage.py security_check` fails on what is unsafe.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import dj_email_url
from csp.constants import NONCE, SELF
from django.core.exceptions import ImproperlyConfigured

from core import language_policy, secret_key
from core.media_storage import s3_media_storage, s3_private_storage

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
# The fallback key is only good for a local checkout: with DEBUG off the WSGI application
# refuses to load on it and `check --deploy` fails (core.secret_key). Keys rotate by moving the
# old one to DJANGO_SECRET_KEY_FALLBACKS (comma-separated), so links it signed keep working.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or secret_key.DEVELOPMENT_KEY
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS", [])
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # modeltranslation must come before the admin so its admin classes patch in first.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # For its translated ordinals ("1st", "1er", "1º") on the media-alert forms.
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_countries",
    "phonenumber_field",
    "django_prose_editor",
    "csp",
    "axes",
    "reversion",
    "django_tasks",
    "django_tasks_db",
    "core",
    "iom_site",
    "organisation",
    "newsroom",
    "alerts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads a body: public URLs take none, the others a bounded one.
    "core.request_limits.RequestBodyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before everything that works per visitor: a cached anonymous page skips all of it.
    "core.page_cache.AnonymousPageCacheMiddleware",
    # Below the page cache, so cached pages are still served while the database is down.
    "core.unavailable.DatabaseUnavailableMiddleware",
    "core.content_security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns locked-out logins into a clear page.
    "axes.middleware.AxesMiddleware",
]

# Messages are the admin's only (its users have a session): kept there, so that a public
# request does not build the cookie storage's signer for nothing.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

ROOT_URLCONF = "iom_site.urls"
WSGI_APPLICATION = "iom_site.wsgi.application"

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
                "organisation.context_processors.site",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # A connection per request costs ~5x throughput on PostgreSQL: measured on 2 cores,
        # ~150 req/s instead of ~780 for the same page (docs/performance.md).
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        # A kept connection is checked before each request reuses it, so after PostgreSQL
        # went away and came back the site reconnects by itself, with no restart.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that is down or hangs must cost a visitor seconds, not the whole gunicorn
    # timeout: the connection attempt and each statement are bounded, and the failure becomes
    # a 503 page (core.unavailable). libpq counts the connect timeout in whole seconds, 2
    # at least. Commands run through manage.py default to no statement timeout (see there):
    # an import or a migration may rightly take longer than any page.
    db_options = DATABASES["default"].setdefault("OPTIONS", {})
    db_options.setdefault("connect_timeout", int(os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", "3")))
    # In milliseconds, 0 for none; options given in DATABASE_URL come after, so they win.
    statement_timeout = int(os.environ.get("DJANGO_DB_STATEMENT_TIMEOUT", "5000"))
    db_options["options"] = (
        f"-c statement_timeout={statement_timeout} {db_options.get('options', '')}".strip()
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Without Redis, each process's own memory, in two bounded rooms
# (core.cache_backends.RoomedLocalCache): pages asked with query parameters (searches, filters,
# page numbers) cannot push out the others (home, lists, pages, releases). About 30 KB a page:
# some tens of MB a process.
LOCAL_CACHE = {
    "BACKEND": "core.cache_backends.RoomedLocalCache",
    "OPTIONS": {
        "MAX_ENTRIES": int(os.environ.get("DJANGO_LOCAL_CACHE_ENTRIES", "2000")),
        "QUERY_ENTRIES": int(os.environ.get("DJANGO_LOCAL_CACHE_QUERY_ENTRIES", "500")),
    },
}
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # An accelerator the site can lose: a Redis down, hanging or full turns into cache misses
    # (core.cache_backends), after at most this many seconds per call.
    REDIS_TIMEOUT = float(os.environ.get("DJANGO_REDIS_TIMEOUT", "0.25"))
    CACHES = {
        "default": {
            "BACKEND": "core.cache_backends.FailSafeRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "iom_site",
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
                # After Redis could not be reached, each process leaves it alone this long.
                "retry_after": float(os.environ.get("DJANGO_REDIS_RETRY_SECONDS", "5")),
            },
        }
    }
else:
    CACHES = {"default": LOCAL_CACHE}

# Values derived from the content (header, list counts, anonymous pages) are cached until an
# editor changes something or a scheduled release's time comes (core.content_cache), and
# at most this long. Every process checks the content version in the database, so a change is
# seen at once by all of them, with Redis or with each process's own memory. 0 turns these
# caches off.
CONTENT_CACHE_SECONDS = int(os.environ.get("DJANGO_CONTENT_CACHE_SECONDS", "600"))
# How old each process's copy of the cache tags' versions may be when a request reads it:
# another process's change is seen within this time (core.content_cache, docs/caching.md).
CACHE_VERSIONS_COPY_SECONDS = 0.25
# A release's PDFs and press kit are made when first asked for (newsroom.press_files): one
# process makes each file while the others asking for it wait, at most this many files are
# made at once across the site (each takes a core's time for a second or more), and a request
# that waited this many seconds is told to come back (503 with Retry-After). A lease held by
# a process that died is taken again after PRESS_RENDER_LEASE_SECONDS.
PRESS_RENDERS_AT_ONCE = int(os.environ.get("DJANGO_PRESS_RENDERS_AT_ONCE", "2"))
PRESS_RENDER_WAIT = float(os.environ.get("DJANGO_PRESS_RENDER_WAIT", "20"))
PRESS_RENDER_LEASE_SECONDS = 120
# Whole public pages for visitors without a session (core.page_cache).
PAGE_CACHE = env_bool("DJANGO_PAGE_CACHE", True)
# Front caches (Varnish, a CDN) told which cache tags to purge after each change
# (core.front_caches, docs/caching.md): none by default. DJANGO_FRONT_CACHES lists Varnish
# purge listeners, e.g. "http://127.0.0.1:6091" (never an address visitors reach:
# deploy/varnish/iom_site.vcl); another kind is a (class path, arguments...) entry.
FRONT_CACHES = [
    ("core.front_caches.Varnish", url) for url in env_list("DJANGO_FRONT_CACHES", [])
]
# The response header that names a page's cache tags for the front caches ("xkey" for
# Varnish's xkey vmod, "Surrogate-Key" for Fastly); not sent without a front cache.
CACHE_TAG_HEADER = os.environ.get("DJANGO_CACHE_TAG_HEADER", "xkey" if FRONT_CACHES else "")

# --- Auth -------------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
# Failures count per username *and* address together: a stranger guessing an editor's password
# locks out only their own tries at that name, not the editor (nor everyone behind one proxy).
# An address that has failed LOGIN_FAILURES_PER_ADDRESS times within the cool-off, at any
# usernames, is locked out as a whole too: password spraying (core.login_limits).
AXES_LOCKOUT_PARAMETERS = "core.login_limits.lockout_parameters"
LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("LOGIN_FAILURES_PER_ADDRESS", "20"))
# A successful login clears that pair's failures only, so old typos never add up to a lockout;
# the address's failures at other names still count towards LOGIN_FAILURES_PER_ADDRESS, so a
# sprayer logging in with a valid account of its own between guesses resets nothing.
AXES_RESET_ON_SUCCESS = True
# The address as the deployment knows it (see TRUSTED_PROXIES below).
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_address"
# A page in the admin's layout saying what happened (429), instead of a bare line of text.
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
# The login log is django-axes' own: every login ("access logs") and every failed one ("access
# failures", the last 1,000 per username, lockouts marked) with its time, address and browser.
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# --- Languages --------------------------------------------------------------------------------
# Declared once in core/language_policy.py; Django and modeltranslation read it from there.
LANGUAGE_CODE = language_policy.DEFAULT_LANGUAGE
LANGUAGES = language_policy.LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# Overrides of Django's date formats (iom_site/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["iom_site.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Europe/Zurich")

MODELTRANSLATION_DEFAULT_LANGUAGE = language_policy.DEFAULT_LANGUAGE
MODELTRANSLATION_LANGUAGES = language_policy.LANGUAGE_CODES
# Plain attribute access never returns an empty string while any language has the text;
# templates that must say *which* language they show use core.i18n helpers.
MODELTRANSLATION_FALLBACK_LANGUAGES = language_policy.FALLBACK_ORDER

# --- Static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# iom_site/static is found as an app folder (no STATICFILES_DIRS: it would be collected twice).
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # jQuery UI for modeltranslation's admin tabs, served from the project (never a CDN).
    "core.static_finders.JQueryUIFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Uploads and their renditions (written beside them, in the same default storage): the
# local folder, or an S3-compatible bucket shared by every app server.
MEDIA_STORAGE = os.environ.get("DJANGO_MEDIA_STORAGE", "local").strip().lower() or "local"
# Files only the app's views hand out (release originals, PDFs, press kits: core.media_storage),
# never served as they are. Local: this folder, by default `<MEDIA_ROOT>-private`.
PRIVATE_MEDIA_ROOT = os.environ.get("DJANGO_PRIVATE_MEDIA_ROOT", "")
if MEDIA_STORAGE == "local":
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    PRIVATE_STORAGE = {"BACKEND": "core.media_storage.PrivateFileSystemStorage"}
    MEDIA_ORIGINS = []
elif MEDIA_STORAGE == "s3":
    DEFAULT_STORAGE, MEDIA_ORIGINS = s3_media_storage(os.environ)
    PRIVATE_STORAGE = s3_private_storage(os.environ)
else:
    raise ImproperlyConfigured(
        f"DJANGO_MEDIA_STORAGE={MEDIA_STORAGE!r}: use 'local' (the default) or 's3'."
    )
# With the local folder, the app serves it itself unless the web server does.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", MEDIA_STORAGE == "local")
STORAGES = {
    "default": DEFAULT_STORAGE,
    "private": PRIVATE_STORAGE,
    "staticfiles": {
        "BACKEND": os.environ.get(
            "DJANGO_STATICFILES_STORAGE",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# modeltranslation's tabs load jQuery UI from this URL; its default is a CDN address, and the
# site loads nothing from outside (and its CSP would block it): the xstatic package ships it.
# A relative path goes through the static storage, so production gets the hashed file name.
JQUERY_UI_URL = "xstatic/jquery-ui/jquery-ui.min.js"

# --- Security ---------------------------------------------------------------------------------
HTTPS = env_bool("DJANGO_HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Preloading is a promise to browsers that is slow to take back: only when asked for.
SECURE_HSTS_PRELOAD = HTTPS and env_bool("DJANGO_HSTS_PRELOAD", False)
# `check --deploy` warns whenever preload is off (security.W021): here that is a choice.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
# How many proxies stand in front of the app and append to X-Forwarded-For (nginx alone: 1;
# nginx and Varnish: 2). `check --deploy` fails when DJANGO_HTTPS and DJANGO_FRONT_CACHES imply
# more (core.deploy_checks).
# 0: the header is ignored and the client is the peer of the connection (REMOTE_ADDR).
# Used by core.client_address for django-axes and anything else needing the address.
TRUSTED_PROXIES = int(os.environ.get("DJANGO_TRUSTED_PROXIES", "0"))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Public URLs take no body except these forms (core.request_limits): URL names whose
# address, in every language, starts the paths where a form may post.
FORM_URL_NAMES = ["admin:index", "set_language", "alerts:subscribe"]

# Public pages need no inline script or style. The admin's rich-text editor needs inline styles
# (allowed under /admin/ only, by core.content_security)
# and one inline import map, which the admin marks with a per-request nonce (the nonce only
# appears in the header of responses that used it).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:", *MEDIA_ORIGINS],
        "style-src": [SELF],
        "script-src": [SELF, NONCE],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Uploaded files: refuse what is too large before Pillow ever opens it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The largest request body accepted at all (where bodies are accepted: the admin, the language
# form), checked on Content-Length before anything is read: an image (15 MB at most,
# core.images) and the form around it. nginx's client_max_body_size says the same.
MAX_REQUEST_BODY = int(os.environ.get("DJANGO_MAX_REQUEST_BODY_MB", "20")) * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# --- E-mail and background work ---------------------------------------------------------------
# SMTP from one variable, EMAIL_URL (smtp://user:password@host:587/?tls=True, submission://…),
# like DATABASE_URL and REDIS_URL. Without it, e-mails are printed on the console of the process
# sending them (the worker).
EMAIL_URL = os.environ.get("EMAIL_URL", "")
if EMAIL_URL:
    globals().update(dj_email_url.parse(EMAIL_URL))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# An SMTP server that stops answering must not hold the worker for ever.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "newsroom@localhost")
# The site's public address, for the links in e-mails (sent by the worker, outside any request);
# `make run` serves there too. The site answers on its own address whatever
# DJANGO_ALLOWED_HOSTS lists, or every link in the e-mails would be a 400.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
_site = urlsplit(SITE_URL)
if _site.scheme not in ("http", "https") or not _site.hostname or _site.path:
    raise ImproperlyConfigured(
        f"DJANGO_SITE_URL must be the site's address, http(s)://host[:port] with no path "
        f"(got {SITE_URL!r})."
    )
_site_host = f"[{_site.hostname}]" if ":" in _site.hostname else _site.hostname
if _site_host not in ALLOWED_HOSTS and "*" not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(_site_host)

# Background tasks (django-tasks) are rows in this database: the worker
# (`manage.py alerts_worker`) needs no other server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "alerts"]}}

# Media alerts (alerts/): see README, "Media alerts".
ALERTS_SEND_INTERVAL = float(os.environ.get("ALERTS_SEND_INTERVAL", "0.2"))
ALERTS_MAX_ATTEMPTS = int(os.environ.get("ALERTS_MAX_ATTEMPTS", "5"))
ALERTS_RETRY_SECONDS = int(os.environ.get("ALERTS_RETRY_SECONDS", "60"))
ALERTS_CONFIRM_DAYS = int(os.environ.get("ALERTS_CONFIRM_DAYS", "2"))
ALERTS_MAX_AGE_DAYS = int(os.environ.get("ALERTS_MAX_AGE_DAYS", "3"))
ALERTS_SIGNUPS_PER_HOUR = int(os.environ.get("ALERTS_SIGNUPS_PER_HOUR", "10"))
ALERTS_CONFIRMATIONS_PER_HOUR = int(os.environ.get("ALERTS_CONFIRMATIONS_PER_HOUR", "200"))
