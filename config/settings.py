"""Settings for Bibliotekets Partnerskaber.

One module, driven by environment variables (see the table in README.md).
Without any variables set it is locked down (DEBUG off) and refuses to start
without a SECRET_KEY; `make run` sets DEBUG=1 for local development.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_choice, env_int, env_list, env_str
from config.sso import providers_from_env

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. Generate one with: "
            'python -c "import secrets; print(secrets.token_urlsafe(50))" '
            "and set it in the environment (or set DEBUG=1 for local development)."
        )
    SECRET_KEY = "django-insecure-local-development-only-never-use-in-production"

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin, behind a second factor for local accounts (accounts.admin_site).
    "accounts.apps.SecondFactorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    # Third-party apps with Danish names in the admin: config/apps.py.
    "config.apps.Axes",
    "config.apps.AuditLog",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_otp",
    "config.apps.OtpTotp",
    "config.apps.OtpStatic",
    "config.apps.PostOffice",
    "django_tasks",
    "config.apps.BackgroundTasks",
    "csp",
    "accounts",
    "toolkit",
    "partnerships",
    "kindergarten_depots",
    "readaloud",
    "reporting",
]

MIDDLEWARE = [
    # First, so every log line of the request carries its id.
    "config.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.DefaultLanguageLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Permissions-Policy everywhere, Cache-Control: private, no-store for logged-in users.
    "config.security.SecurityHeadersMiddleware",
    # Content-Security-Policy (django-csp) with the admin's documented exception.
    "config.security.ContentSecurityPolicyMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records which user made each change in the audit log.
    "auditlog.middleware.AuditlogMiddleware",
    # Must stay last: it turns a lock-out raised by the backend into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "config.context_processors.site",
                "config.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite next to the code unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches. "default" stays per process (Django's default). The statistics are computed
# over many rows and must be shared by every web process (and survive a restart), so
# they are kept in a table of the one PostgreSQL database every process already uses:
# no extra service to run. The table is created by reporting's migrations.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "reporting": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "reporting_cache",
        "TIMEOUT": 10 * 60,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

# Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first, so a locked-out user+IP is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.EmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        # Our User has full_name (not first_name/last_name): compare with it and the e-mail.
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("full_name", "email")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "accounts.passwords.NotBlankValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {
        # Danish common passwords (kodeord1, sommer2027, …): see accounts/passwords.py.
        "NAME": "django.contrib.auth.password_validation.CommonPasswordValidator",
        "OPTIONS": {"password_list_path": BASE_DIR / "accounts" / "common-passwords-da.txt.gz"},
    },
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
# Password reset requests: at most this many per e-mail address and per client IP
# within the window; counted in the database, so every web process sees the same
# count (accounts.services.password_reset_throttle).
PASSWORD_RESET_LIMIT_PER_EMAIL = env_int("PASSWORD_RESET_LIMIT_PER_EMAIL", 3)
PASSWORD_RESET_LIMIT_PER_IP = env_int("PASSWORD_RESET_LIMIT_PER_IP", 10)
PASSWORD_RESET_LIMIT_MINUTES = env_int("PASSWORD_RESET_LIMIT_MINUTES", 60)

# Login throttling (django-axes): 5 failures for the same e-mail from the same IP
# lock that pair for 15 minutes. Locking on the pair, never on the IP alone, keeps
# a kindergarten's shared IP usable for everybody else.
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.security.axes_username"
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_VERBOSE = False
# Number of reverse proxies in front of the app whose X-Forwarded-For we trust.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Single sign-on (OpenID Connect through django-allauth): the providers come from
# OIDC_PROVIDERS and OIDC_<ID>_* (config/sso.py); users only ever meet our own login
# page, which shows a button per provider. allauth's own account pages are not routed.
SSO_APPS, SSO_PROVIDERS = providers_from_env()
LOCAL_LOGIN_ENABLED = env_bool("LOCAL_LOGIN_ENABLED", default=True)
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": SSO_APPS}}
SOCIALACCOUNT_ADAPTER = "accounts.sso.adapter.SocialAccountAdapter"
ACCOUNT_ADAPTER = "accounts.sso.adapter.AccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # match by the provider's subject, never by e-mail
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True

# Two-factor for the Django admin (django-otp): the issuer shown in authenticator apps.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Bibliotekets Partnerskaber")

# Internationalisation
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Copenhagen")
USE_I18N = True
USE_TZ = True
# English dates in one day-month-year style (config/formats/en); Danish uses Django's own.
FORMAT_MODULE_PATH = ["config.formats"]

# Static files: the project's own in static/, Bootstrap and axe-core from
# node_modules (installed from the npm registry by `make`), htmx from django-htmx.
# Tom Select (search-as-you-type pickers) from node_modules too.
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
    ("vendor/tom-select", BASE_DIR / "node_modules" / "tom-select" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded files are never served from a public URL; views check access first.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

# Forms
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail goes through the outbox (django-post-office): every mail the app sends
# is written as a row in the transaction of the change that causes it, and the
# mail worker (`manage.py send_queued_mail`) delivers it through EMAIL_BACKEND
# (console by default: mails are printed, nothing leaves the machine).
EMAIL_BACKEND = "post_office.EmailBackend"
EMAIL_DELIVERY_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# Local development delivers at once (to the console); production queues and the
# worker delivers, so a dead SMTP server never fails a request.
EMAIL_DELIVER_AT_ONCE = env_bool("EMAIL_DELIVER_AT_ONCE", default=DEBUG)
# The longest pause between two delivery attempts of a failed mail.
EMAIL_RETRY_MAX_MINUTES = env_int("EMAIL_RETRY_MAX_MINUTES", 360)
# The worker sends the outbox in batches of this many mails, each batch over one
# SMTP connection (accounts.outbox.outbox_deliver).
EMAIL_BATCH_SIZE = env_int("EMAIL_BATCH_SIZE", 200)
POST_OFFICE = {
    "BACKENDS": {"default": EMAIL_DELIVERY_BACKEND},
    "DEFAULT_PRIORITY": "now" if EMAIL_DELIVER_AT_ONCE else "medium",
    # A failed delivery is retried this many times, EMAIL_RETRY_MINUTES after the first
    # failure, then twice that, four times, … (accounts.outbox.retry_delay).
    "MAX_RETRIES": env_int("EMAIL_MAX_RETRIES", 10),
    "RETRY_INTERVAL": timedelta(minutes=env_int("EMAIL_RETRY_MINUTES", 5)),
    "LOG_LEVEL": 1,  # log failures only
    "MESSAGE_ID_ENABLED": True,
    "CELERY_ENABLED": False,
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Bibliotekets Partnerskaber <noreply@localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# The library that runs this installation, shown in the header and to partners.
LIBRARY_NAME = env_str("LIBRARY_NAME", "Syddjurs Bibliotek")
LIBRARY_CONTACT_EMAIL = env_str("LIBRARY_CONTACT_EMAIL", "bibliotek@syddjurs.example.dk")
LIBRARY_CONTACT_PHONE = env_str("LIBRARY_CONTACT_PHONE", "87 53 50 00")
# Legal pages. The accessibility statement (tilgængelighedserklæring) is made in the
# state's WAS tool (was.digst.dk) and linked from every page's footer; the data
# controller (usually the municipality) is named on the privacy notice (/privatliv/).
ACCESSIBILITY_STATEMENT_URL = env_str("ACCESSIBILITY_STATEMENT_URL", "")
DATA_CONTROLLER_NAME = env_str("DATA_CONTROLLER_NAME", "Syddjurs Kommune")
DATA_CONTROLLER_EMAIL = env_str("DATA_CONTROLLER_EMAIL", "")
DATA_CONTROLLER_ADDRESS = env_str("DATA_CONTROLLER_ADDRESS", "")
DATA_PROTECTION_OFFICER_EMAIL = env_str("DATA_PROTECTION_OFFICER_EMAIL", "")
# The logo on diplomas: an absolute URL, or a path under the static files. Empty: favicon.svg.
LIBRARY_LOGO = env_str("LIBRARY_LOGO", "")

# Security: on by default whenever DEBUG is off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = 60 * 60 * 12

# Content-Security-Policy (django-csp): scripts, styles, fonts and data only from
# this site; no inline script, event handler or style attribute anywhere (JS lives
# in static/js and is wired by data- attributes; htmx's indicator style is in
# app.css). Images may also be data: URIs (Bootstrap's form icons) and come from
# the diploma logo's host. config.security adds the single sign-on providers to
# form-action and relaxes style-src for /admin/ only (see README, Security headers).
_logo = urlsplit(LIBRARY_LOGO)
_LOGO_ORIGIN = [f"{_logo.scheme}://{_logo.netloc}"] if _logo.scheme and _logo.netloc else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *_LOGO_ORIGIN],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# /healthz fails when the oldest unsent mail is older than this many minutes, or
# the worker has not gone round for this many seconds.
HEALTH_OUTBOX_MAX_AGE = env_int("HEALTH_OUTBOX_MAX_AGE", 30)
HEALTH_WORKER_MAX_AGE = env_int("HEALTH_WORKER_MAX_AGE", 120)

# Background tasks (django-tasks, database backend): `manage.py db_worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Logging: everything to stdout, where the process manager collects it. Each line
# names the request it belongs to; refused requests (403/404) are one line.
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "config.logging.RequestIdFilter"},
        "client_errors_brief": {"()": "config.logging.ClientErrorsBriefFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
            "filters": ["request_id", "client_errors_brief"],
        },
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        "axes": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
        # python-barcode says at import that Pillow is missing; the app draws SVG only.
        "pyBarcode": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
    },
}

# Forms: URLs typed without a scheme are taken as https:// (Django 6 default).
FORMS_URLFIELD_ASSUME_HTTPS = True

# The public address of this installation, used for links in e-mails.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Uploaded attachments: at most this many bytes (10 MB).
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)

# Kindergarten depots: how many days before a swap the kindergarten is reminded.
DEPOT_REMINDER_DAYS = env_int("DEPOT_REMINDER_DAYS", 5)

# Reminders (manage.py send_reminders, daily from cron). Each person gets one digest
# mail listing everything due for them: every day ("daily"), or once a week ("weekly")
# on REMINDER_DIGEST_WEEKDAY (1 = Monday … 7 = Sunday), looking a week ahead.
REMINDER_DIGEST = env_choice("REMINDER_DIGEST", "daily", ["daily", "weekly"])
REMINDER_DIGEST_WEEKDAY = env_int("REMINDER_DIGEST_WEEKDAY", 1)
if not 1 <= REMINDER_DIGEST_WEEKDAY <= 7:
    raise ImproperlyConfigured("REMINDER_DIGEST_WEEKDAY must be 1 (Monday) to 7 (Sunday).")
# The coordinator and the members of a partnership are reminded this many weeks
# before its end date, to renew it or let it end.
PARTNERSHIP_END_REMINDER_WEEKS = env_int("PARTNERSHIP_END_REMINDER_WEEKS", 6)
# Saving an evaluation sets the next review date this many months ahead.
PARTNERSHIP_REVIEW_INTERVAL_MONTHS = env_int("PARTNERSHIP_REVIEW_INTERVAL_MONTHS", 12)
# Children's personal data in the reading-aloud championship (see README, "Privacy").
# Months after an edition's final (or its last heat, or the end of its year) before the
# readers are anonymised, unless the edition sets its own retention date.
READALOUD_RETENTION_MONTHS = env_int("READALOUD_RETENTION_MONTHS", 3)
# Readers who never read (no score) at the retention date: "delete" their rows, or
# "anonymise" them like the readers who read.
READALOUD_NEVER_READ = env_choice("READALOUD_NEVER_READ", "delete", ["delete", "anonymise"])
# Months the access log of children's data (who read which reader's data) is kept.
ACCESS_LOG_RETENTION_MONTHS = env_int("ACCESS_LOG_RETENTION_MONTHS", 6)
