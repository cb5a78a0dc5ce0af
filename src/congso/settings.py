"""Django settings for Congso, driven by CONGSO_* environment variables (see env.py).

Defaults serve development on SQLite. With CONGSO_DEBUG off the process refuses to
start without a real secret key and allowed hosts.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url

from congso import env

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent
DEFAULT_SECRET_KEY = "congso-development-only-secret-key-do-not-use-in-production"  # noqa: S105


def _fail(sentence: str) -> None:
    sys.stderr.write(f"Congso không khởi động được: {sentence}\n")
    raise SystemExit(1)


try:
    DEBUG = env.get_bool("DEBUG", default=False)
    TESTING = "pytest" in sys.modules
    SECRET_KEY = env.get_str("SECRET_KEY", DEFAULT_SECRET_KEY if DEBUG else "")
    ALLOWED_HOSTS = env.get_list(
        "ALLOWED_HOSTS", [".localhost", "127.0.0.1", "[::1]"] if DEBUG else []
    )
    DATA_DIR = Path(env.get_str("DATA_DIR", str(BASE_DIR / "var")))
    DATABASE_URL = env.get_str("DATABASE_URL", "")
    CACHE_URL = env.get_str("CACHE_URL", "")
    DEMO_MODE = env.get_bool("DEMO_MODE", default=DEBUG)
    CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS", [])
    BASE_URL = env.get_str("BASE_URL", "http://localhost:8000").rstrip("/")
    TIME_ZONE_NAME = env.get_str("TIME_ZONE", "Asia/Ho_Chi_Minh")
    WORKING_HOURS = env.get_str("WORKING_HOURS", "07:30-11:30,13:30-17:00")
    WORKING_WEEKDAYS = env.get_str("WORKING_WEEKDAYS", "0,1,2,3,4")
    HOLIDAY_COUNTRY = env.get_str("HOLIDAY_COUNTRY", "VN")
    EMAIL_HOST = env.get_str("EMAIL_HOST", "")
    EMAIL_PORT = env.get_int("EMAIL_PORT", 25)
    EMAIL_HOST_USER = env.get_str("EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = env.get_str("EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS", default=False)
    EMAIL_USE_SSL = env.get_bool("EMAIL_USE_SSL", default=False)
    DEFAULT_FROM_EMAIL = env.get_str("EMAIL_FROM", "Congso <khong-tra-loi@congso.localhost>")
    LOGIN_FAILURE_LIMIT = env.get_int("LOGIN_FAILURE_LIMIT", 5)
    LOGIN_FAILURE_LIMIT_PER_IP = env.get_int("LOGIN_FAILURE_LIMIT_PER_IP", 30)
    LOGIN_LOCKOUT_MINUTES = env.get_int("LOGIN_LOCKOUT_MINUTES", 15)
    TASKS_BACKEND = env.get_str("TASKS_BACKEND", "")
    SECURE_COOKIES = env.get_bool("SECURE_COOKIES", default=not DEBUG)
    LOG_LEVEL = env.get_str("LOG_LEVEL", "INFO").upper()
    TRUST_X_FORWARDED_FOR = env.get_bool("TRUST_X_FORWARDED_FOR", default=False)
    SIGNING_KEY_SECRET = env.get_str("SIGNING_KEY_SECRET", "")
    SMS_GATEWAY_URL = env.get_str("SMS_GATEWAY_URL", "")
    SMS_GATEWAY_TOKEN = env.get_str("SMS_GATEWAY_TOKEN", "")
    EXAM_STARTS_PER_SECOND = env.get_int("EXAM_STARTS_PER_SECOND", 100)
except env.ConfigurationError as error:
    _fail(str(error))

if not DEBUG:
    if not SECRET_KEY or SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 32:
        _fail(
            "CONGSO_SECRET_KEY chưa được đặt hoặc còn là giá trị mặc định — hãy đặt một chuỗi "
            "ngẫu nhiên dài ít nhất 32 ký tự (hoặc bật CONGSO_DEBUG=true khi phát triển)."
        )
    if not ALLOWED_HOSTS:
        _fail(
            "CONGSO_ALLOWED_HOSTS đang trống — hãy liệt kê các tên miền phục vụ, cách nhau bởi "
            "dấu phẩy (ví dụ: congso.thaibinh.gov.vn,.thaibinh.gov.vn)."
        )

INSTALLED_APPS = [
    "congso.core",
    "congso.accounts",
    "congso.api",
    "congso.portal",
    "congso.portal.library",
    "congso.portal.calendar",
    "congso.portal.qa",
    "congso.procedures",
    "congso.dossiers",
    "congso.exams",
    "congso.demo",
    "congso.core.admin_site.CongsoAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ninja",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "treebeard",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "django.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
]

MIDDLEWARE = [
    "congso.portal.middleware.PortalPageCacheMiddleware",  # first: a hit returns at once
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "congso.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "congso.core.middleware.RequestContextMiddleware",
    "congso.core.middleware.ApplicationErrorMiddleware",
]

ROOT_URLCONF = "congso.urls"
WSGI_APPLICATION = "congso.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "congso.core.context_processors.congso",
                "congso.dossiers.context_processors.desk",
                "congso.exams.context_processors.organiser",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    }
]

# Database: SQLite in WAL mode by default; CONGSO_DATABASE_URL=postgres://... for PostgreSQL.
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "congso.sqlite3",
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if CACHE_URL:
    CACHES = {"default": {"BACKEND": "congso.core.cache.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background tasks (django-tasks): run immediately unless a backend is configured.
TASKS = {
    "default": {
        "BACKEND": TASKS_BACKEND or "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": [],
    }
}
if TASKS_BACKEND == "django_tasks_db.DatabaseBackend":
    TASKS["default"]["QUEUES"] = ["default", "mail"]

# People and sign-in
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "/"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
LOGIN_LOCKOUT = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
OTP_TOTP_ISSUER = "Congso"

# With a shared cache (Redis), sessions are read from it and written through to the database:
# a signed-in page reads its session without a query (an exam's start spike, the desks). Not
# with the local-memory cache: a sign-out in one process would not reach the others' copies
# (the tests run in one process: they use it either way, so their query counts are the same).
if CACHE_URL or TESTING:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Language and time: Vietnamese first, English second; Asia/Ho_Chi_Minh.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = TIME_ZONE_NAME
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
]
FORMAT_MODULE_PATH = ["congso.formats"]

# Static and uploaded files
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
if WHITENOISE_USE_FINDERS:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Mail: SMTP when CONGSO_EMAIL_HOST is set, the console otherwise (development).
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_TIMEOUT = 20
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs every stage of every slip at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

NINJA_PAGINATION_PER_PAGE = 50

# Wagtail: one Site per portal (main portal + component portals), edited at /cms/.
WAGTAIL_SITE_NAME = "Congso"
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAILADMIN_LOGIN_URL = "accounts:login"
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_USAGE_COUNT_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "xlsx", "xls", "odt", "ods", "zip"]
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "simple",
        "AUTO_UPDATE": True,
    }
}
WAGTAILEMBEDS_RESPONSIVE_HTML = True
