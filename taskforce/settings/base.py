"""Settings shared by every environment; everything that differs comes from the environment."""

from pathlib import Path

import environ
from csp.constants import NONE as CSP_NONE
from csp.constants import SELF as CSP_SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from taskforce.files_storage import file_system_storage, s3_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "assignments",
    "api",
    "web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A query string or form post that is not UTF-8: a 400, never "�" stored (after the
    # login and the language, so its page reads as any other).
    "taskforce.middleware.RefuseInvalidUnicode",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "taskforce.urls"
WSGI_APPLICATION = "taskforce.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "taskforce" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "web.context_processors.bell",
            ],
        },
    },
]

# SQLite by default, in var/; PostgreSQL (or anything else) through DATABASE_URL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'taskforce.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock when a transaction starts, so two services racing
    # on one task are serialised exactly as SELECT ... FOR UPDATE does on PostgreSQL.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# A read replica for the reports (docs/scaling.md): the reads made inside
# `assignments.reporting.reporting()` go to it; every other read and every write to the primary.
REPORTING_DATABASE = None
if env.str("REPLICA_DATABASE_URL", default=""):
    DATABASES["replica"] = {
        **env.db("REPLICA_DATABASE_URL"),
        "ATOMIC_REQUESTS": False,
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
    }
    DATABASE_ROUTERS = ["taskforce.routers.ReportingRouter"]
    REPORTING_DATABASE = "replica"
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        # No JIT compilation: PostgreSQL compiles a query whose estimated cost passes
        # jit_above_cost, and a report's grouped estimate is far too high (thousands of
        # groups for the eighty-odd it makes), so compiling took 20-40% of a summary that
        # runs in 60 ms to 1 s (docs/performance.md). Options set in the URL come first.
        _options = _database.setdefault("OPTIONS", {})
        _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A list's `count` is exact up to this many matching rows; past it, on PostgreSQL, it is
# the planner's estimate and the page says so (api/pagination.py, docs/api.md). 0: always exact.
LIST_EXACT_COUNT_UP_TO = env.int("LIST_EXACT_COUNT_UP_TO", default=10_000)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Every password check counts failed logins (api/throttling.py): per username and per
# client address, this many within LOGIN_LOCKOUT_SECONDS lock it out for as long.
AUTHENTICATION_BACKENDS = ["api.throttling.LoginThrottleBackend"]
LOGIN_FAILURES_PER_USERNAME = env.int("LOGIN_FAILURES_PER_USERNAME", default=10)
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", default=50)
LOGIN_LOCKOUT_SECONDS = env.int("LOGIN_LOCKOUT_SECONDS", default=15 * 60)
# The client's address is REMOTE_ADDR, unless the request comes from one of these proxies
# (addresses or networks, e.g. "127.0.0.1,10.0.0.0/24": the TLS proxy in front): then it
# is the address they saw, from X-Forwarded-For. Anyone else's X-Forwarded-For is ignored.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
if env.str("NUM_PROXIES", default=""):
    # The setting it replaces trusted X-Forwarded-For from any client, proxy or not.
    raise ImproperlyConfigured("NUM_PROXIES is no longer read: list the proxies in TRUSTED_PROXIES.")

# A cache every worker process shares (the login counts live there): the database by
# default (its table is made by `migrate`, api/migrations/0002), or Redis with
# CACHE_URL=redis://host:6379/0.
CACHES = {"default": env.cache_url("CACHE_URL", default="dbcache://taskforce_cache")}

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "assignments" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # Attached files: private, never under a public URL (taskforce/files_storage.py).
    "attachments": (
        s3_storage(
            bucket=env.str("FILES_S3_BUCKET"),
            endpoint_url=env.str("FILES_S3_ENDPOINT_URL", default=""),
            region=env.str("FILES_S3_REGION", default=""),
            access_key=env.str("FILES_S3_ACCESS_KEY", default=""),
            secret_key=env.str("FILES_S3_SECRET_KEY", default=""),
            prefix=env.str("FILES_S3_PREFIX", default=""),
        )
        if env.str("FILES_S3_BUCKET", default="")
        else file_system_storage(env.str("FILES_DIR", default=str(BASE_DIR / "var" / "files")))
    ),
}
# Uploads (docs/rules.md, "Files"): the largest file accepted, and the longer side photos
# are brought down to. A file past the limit is refused while it arrives
# (taskforce/uploads.py); one above 2.5 MB waits in a temporary file, never in memory.
FILES_MAX_SIZE = env.int("FILES_MAX_MB", default=20) * 1024 * 1024
FILES_IMAGE_MAX_SIDE = env.int("FILES_IMAGE_MAX_SIDE", default=2560)
FILE_UPLOAD_HANDLERS = [
    "taskforce.uploads.SizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_TEMP_DIR = env.str("FILE_UPLOAD_TEMP_DIR", default="") or None

# Content-Security-Policy on every answer (django-csp; docs/security.md): scripts, styles,
# images, fonts and requests from the app's own origin only, no inline script or style, no
# plug-ins, no framing, forms sent to the app only. An injected `<script>` or `onclick=`
# does not run. The API's two docs pages add what their programs need (api/views/docs.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [CSP_SELF],
        "script-src": [CSP_SELF],
        "style-src": [CSP_SELF],
        "img-src": [CSP_SELF],
        "font-src": [CSP_SELF],
        "connect-src": [CSP_SELF],
        "object-src": [CSP_NONE],
        "base-uri": [CSP_NONE],
        "frame-ancestors": [CSP_NONE],
        "form-action": [CSP_SELF],
    }
}

# Background jobs (assignments/notifications/jobs.py, docs/scaling.md): Django's Tasks
# API. By default the database is the queue (django-tasks-db: `manage.py db_worker`, any
# number of them, on any machine that reaches the database); TASKS_BACKEND=immediate runs
# each job inline, in the process that enqueues it.
# TASKS_BACKEND=rq queues them in Redis instead (django-tasks-rq, `pip install
# taskforce[redis]`; workers: `manage.py rqworker default`) at TASKS_REDIS_URL.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "rq": "django_tasks_rq.RQBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, not {TASKS_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
# A worker that dies holding a mail, a push or a webhook delivery leaves it to the others
# after this long (assignments/claims.py); well above the longest send, or a slow one
# could be taken and sent twice.
NOTIFICATION_CLAIM_SECONDS = env.int("NOTIFICATION_CLAIM_SECONDS", default=300)
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": env.str("TASKS_REDIS_URL", default="redis://127.0.0.1:6379/2")}}

# The site's address as people reach it: the links in mails, push messages and the
# calendar feed are absolute (a mail has no request to build them from).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Mail (docs/operations.md, "Mail"): EMAIL_URL, e.g. smtp+tls://user:password@mail.example.org:587.
# By default each message is a file under var/mail/ (one .eml each, opened by any mail
# program or read as text); production.py defaults to the machine's own SMTP server.
_email = env.email_url("EMAIL_URL", default="filemail:///var/mail")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
if EMAIL_BACKEND == "django.core.mail.backends.filebased.EmailBackend":
    EMAIL_BACKEND = "taskforce.mail.MessageFileBackend"
    # A relative path is under the project (filemail:///var/mail); filemail:////srv/mail is absolute.
    EMAIL_FILE_PATH = str(BASE_DIR / (_email["EMAIL_FILE_PATH"] or "var/mail"))
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS", False))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL", False))
# A mail server that stops answering must not hold a worker: the delivery is tried again.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Taskforce <no-reply@taskforce.example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Web Push (docs/operations.md, "Web Push"): the VAPID key pair, from the environment
# (VAPID_PRIVATE_KEY as `manage.py make_vapid_keys --env` prints it), or else from the
# file that command writes under var/. The subject is who the push services may contact.
VAPID_PRIVATE_KEY = env.str("VAPID_PRIVATE_KEY", default="")
VAPID_PUBLIC_KEY = env.str("VAPID_PUBLIC_KEY", default="")
VAPID_KEY_FILE = env.str("VAPID_KEY_FILE", default=str(BASE_DIR / "var" / "vapid_private_key.pem"))
VAPID_SUBJECT = env.str("VAPID_SUBJECT", default="mailto:no-reply@taskforce.example.org")
# The push services a subscription may name (the server posts to its endpoint): the
# browsers' own. An entry starting with "." takes the domain's subdomains. Only https,
# but for a host named here as "127.0.0.1" or "localhost" (a push service for tests).
PUSH_SERVICE_HOSTS = env.list(
    "PUSH_SERVICE_HOSTS",
    default=[
        "fcm.googleapis.com",
        "android.googleapis.com",
        ".push.services.mozilla.com",
        ".push.apple.com",
        ".notify.windows.com",
    ],
)
PUSH_TIMEOUT = env.int("PUSH_TIMEOUT", default=10)

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"

# The committee named at the head of the summary spreadsheet.
COMMITTEE_NAME = env.str("COMMITTEE_NAME", default="Đảng bộ quận Ba Đình")

# The years a date may fall in (assignments/limits.py): due dates, measurements, report
# periods, filters. A date outside is a typo ("26" for 2026) and is refused with a 400.
DATE_FIRST_YEAR = env.int("DATE_FIRST_YEAR", default=2000)
DATE_LAST_YEAR = env.int("DATE_LAST_YEAR", default=2100)

REST_FRAMEWORK = {
    # Phones send `Authorization: Token <token>` (knox: hashed, per device, expiring; refused
    # after a password change or a deactivation, api/authentication.py); the
    # browsable API and the docs use the session. The token scheme comes first so that an
    # anonymous request gets 401 with `WWW-Authenticate: Token`, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Ordering is a filter of each FilterSet (assignments/filtersets/), so an unknown
    # `ordering=` value is a 400 like any other bad filter, not silently ignored; so is a
    # parameter that names no filter on a list (api/filters.py).
    "DEFAULT_FILTER_BACKENDS": ["api.filters.FilterBackend"],
    # DRF's three, with a JSON parser that answers a body nested too deep 400, not 500.
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "api.parsers.MultiPartParser",
    ],
    # DRF's two, the HTML one under the Content-Security-Policy (api/renderers.py).
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "api.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # ISO 8601 (`date.isoformat()`): YYYY-MM-DD for every year; strftime's %Y does not pad
    # years before 1000 on every platform ("12-09-20" is not a date a client can read back).
    "DATE_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

# knox's own token table; named so that a foreign key to it (api.models.Device) can be migrated.
KNOX_TOKEN_MODEL = "knox.AuthToken"

REST_KNOX = {
    "TOKEN_TTL": __import__("datetime").timedelta(days=env.int("TOKEN_TTL_DAYS", default=30)),
    # Each use pushes the expiry TOKEN_TTL further (written at most once a minute), up to
    # TOKEN_MAX_DAYS after the login: a phone in daily use stays logged in, a lost one expires.
    "AUTO_REFRESH": True,
    "AUTO_REFRESH_MAX_TTL": __import__("datetime").timedelta(days=env.int("TOKEN_MAX_DAYS", default=180)),
    "USER_SERIALIZER": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Taskforce API",
    "DESCRIPTION": (
        'Committee task tracker following the "5 rõ": clear person, task, responsibility, '
        "process and outcome. Vietnamese by default; send `Accept-Language: en` for English.\n\n"
        "Log in with `POST /api/v1/auth/login/` and send `Authorization: Token <token>`. "
        'Every 4xx answers `{"code", "detail", "errors"}`. The guide, with examples for each '
        "audience, is docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its pages are public (anonymous may read them); the operations are not.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # validatorUrl: None keeps Swagger UI from sending the schema to an outside validator.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "persistAuthorization": True, "validatorUrl": None},
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "TaskStatusEnum": "assignments.choices.Status",
        "DeadlineStatusEnum": "assignments.choices.DeadlineStatus",
        "PriorityEnum": "assignments.choices.Priority",
        "DirectionEnum": "assignments.choices.Direction",
        "EventKindEnum": "assignments.choices.EventKind",
        "NoteKindEnum": "assignments.choices.NoteKind",
        "NotificationKindEnum": "assignments.choices.NotificationKind",
        "EscalationEnum": "assignments.choices.Escalation",
        "DocumentKindEnum": "assignments.choices.DocumentKind",
        "ProductKindEnum": "assignments.choices.ProductKind",
        "ApproverKindEnum": "assignments.choices.ApproverKind",
    },
    "TAGS": [
        {"name": "auth", "description": "Log in and out: one token per device."},
        {"name": "me", "description": "Who the caller is: roles, groups led and belonged to."},
        {"name": "wards", "description": "Wards (territory). Read: everyone; write: the office."},
        {"name": "members", "description": "Executive Committee members. Read: everyone; write: the office."},
        {"name": "groups", "description": "Committee groups. Read: everyone; write: the office."},
        {"name": "processes", "description": "Process templates. Read: everyone; write: the office."},
        {"name": "tasks", "description": "Tasks: list, assign, read, edit content."},
        {"name": "task actions", "description": "State changes of a task; each answers with the task."},
        {"name": "task records", "description": "A task's measurements, notes and audit trail."},
        {"name": "summary", "description": "The Standing Committee's report, as JSON or a spreadsheet."},
        {"name": "targets", "description": "Term targets. Read: everyone; write: the office."},
        {
            "name": "documents",
            "description": "Assigning documents and how their tasks stand. Read: those who read one of "
            "its tasks; write: the office and group leaders.",
        },
        {
            "name": "notifications",
            "description": "The caller's inbox: what concerns them, one item per task, kind and day.",
        },
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refused request (4xx) is logged as one line, without a traceback (taskforce/log_filters.py).
    "filters": {
        "client_errors_without_traceback": {"()": "taskforce.log_filters.ClientErrorsWithoutTraceback"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["client_errors_without_traceback"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
