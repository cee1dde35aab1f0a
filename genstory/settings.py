"""GenStory settings, read from the environment (django-environ).

Defaults give the embedded mode: SQLite file, Celery tasks run in-process, the offline
provider, media under ./media. Every setting is documented in .env.example.
"""

from __future__ import annotations

import warnings
from decimal import Decimal
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from kombu import Queue

from .env_readers import env, fail, setting, strict_bool, throttle_rate

BASE_DIR = Path(__file__).resolve().parent.parent

environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


DEBUG = setting(strict_bool, "DEBUG", default=False)
SECRET_KEY = setting(env.str, "SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        fail("SECRET_KEY must be set when DEBUG is off (for development, set DEBUG=true)")
    SECRET_KEY = get_random_secret_key()
ALLOWED_HOSTS = setting(env.list, "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "testserver"])
CSRF_TRUSTED_ORIGINS = setting(env.list, "CSRF_TRUSTED_ORIGINS", default=[])
# Behind HTTPS (a proxy sets X-Forwarded-Proto): secure cookies, redirects and HSTS. Off for local runs.
SECURE_HTTPS = setting(strict_bool, "SECURE_HTTPS", default=False)
SECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE_HTTPS else None
SECURE_HSTS_SECONDS = setting(env.int, "SECURE_HSTS_SECONDS", default=0)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core.apps.CoreConfig",
    "jobs",
    "stories",
    "refinements",
    "images",
    "exports",
    "narration",
    "spend",
    "genstory.apps.GenstoryConfig",
]

MIDDLEWARE = [
    "core.api.middleware.HostileInputMiddleware",
    "core.api.middleware.ServerTimingMiddleware",
    "core.api.middleware.ApiTrailingSlashMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "genstory.urls"
WSGI_APPLICATION = "genstory.wsgi.application"
APPEND_SLASH = False

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
            ],
        },
    },
]

_database_url = setting(env.str, "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
if _database_url.partition("://")[0] not in environ.Env.DB_SCHEMES:
    fail(
        "DATABASE_URL is not valid: use postgres://... or sqlite:///..., "
        f"not {_database_url.partition(':')[0]!r}"
    )
DATABASES = {"default": environ.Env.db_url_config(_database_url)}
DATABASES["default"].setdefault("CONN_MAX_AGE", setting(env.int, "CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Worker threads and requests share one file: wait for locks instead of failing. A deferred
    # transaction that reads and then writes cannot wait (SQLite answers "database is locked" at
    # once to avoid a deadlock), so every transaction takes the write lock when it begins.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("timeout", 20)
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(setting(env.str, "MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Media (pictures, narration audio, cached exports): the local disk under MEDIA_ROOT, or an
# S3-compatible bucket that every web and worker process shares (MEDIA_STORAGE=s3, core/s3.py).
MEDIA_STORAGE = setting(env.str, "MEDIA_STORAGE", default="local")
if MEDIA_STORAGE not in {"local", "s3"}:
    fail("MEDIA_STORAGE must be local or s3")
if setting(env.str, "DEFAULT_FILE_STORAGE", default="").split(".")[-1] not in {"", "FileSystemStorage"}:
    fail("DEFAULT_FILE_STORAGE is no longer read: set MEDIA_STORAGE=s3 and the MEDIA_S3_* settings instead")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if MEDIA_STORAGE == "s3":
    _addressing = setting(env.str, "MEDIA_S3_ADDRESSING_STYLE", default="auto")
    if _addressing not in {"auto", "path", "virtual"}:
        fail("MEDIA_S3_ADDRESSING_STYLE must be auto, path or virtual")
    _timeout = setting(env.float, "MEDIA_S3_TIMEOUT_SECONDS", default=10.0)
    if _timeout <= 0:
        fail("MEDIA_S3_TIMEOUT_SECONDS must be more than 0")
    STORAGES["default"] = {
        "BACKEND": "core.s3.MediaS3Storage",
        "OPTIONS": {
            "bucket_name": setting(env.str, "MEDIA_S3_BUCKET", default="")
            or fail("MEDIA_S3_BUCKET must be set when MEDIA_STORAGE=s3"),
            # Empty endpoint: AWS itself. Empty keys: boto3's own chain (AWS_* variables, a role).
            "endpoint_url": setting(env.str, "MEDIA_S3_ENDPOINT_URL", default="") or None,
            "access_key": setting(env.str, "MEDIA_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": setting(env.str, "MEDIA_S3_SECRET_ACCESS_KEY", default="") or None,
            "region_name": setting(env.str, "MEDIA_S3_REGION", default="") or None,
            "addressing_style": None if _addressing == "auto" else _addressing,
            "location": setting(env.str, "MEDIA_S3_PREFIX", default="").strip("/"),
            "timeout": _timeout,
        },
    }
# WhiteNoise serves the admin's and the API docs' static files from the installed apps, in every
# mode (gunicorn included), so nothing is fetched from a CDN and no collectstatic step is needed.
WHITENOISE_USE_FINDERS = True
# Scheme and host that absolute links in exports (Markdown pictures) point at; empty: the request's.
PUBLIC_BASE_URL = setting(env.str, "PUBLIC_BASE_URL", default="")
# STATIC_ROOT exists only after an optional collectstatic; WhiteNoise need not warn that it is absent.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.api.authentication.CachedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.StrictJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": setting(env.int, "API_PAGE_SIZE", default=20),
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exceptions.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["core.api.throttling.ScopedThrottle"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "NUM_PROXIES": setting(env.int, "NUM_PROXIES", default=0),
}
# Hostile input (API.md "Limits and hostile input"): the largest request body in bytes (413 past
# it) and the deepest JSON nesting accepted (400 past it).
MAX_REQUEST_BYTES = setting(env.int, "MAX_REQUEST_BYTES", default=1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES
MAX_JSON_DEPTH = setting(env.int, "MAX_JSON_DEPTH", default=64)

SPECTACULAR_SETTINGS = {
    "TITLE": "GenStory API",
    "DESCRIPTION": "AI-written, illustrated stories for every age group.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No badge from validator.swagger.io (Swagger UI's default): the docs never call out.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "PATH_CONVERTER_OVERRIDES": {"id": int},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.links.link_created_objects",
        "genstory.api_docs.describe_operations",
    ],
    "ENUM_NAME_OVERRIDES": {
        "TargetAudienceEnum": "stories.audiences.Audience",
        "GenreEnum": "stories.audiences.Genre",
        "StoryStatusEnum": "stories.models.StoryStatus",
        "JobStatusEnum": "jobs.models.JobStatus",
    },
}

# Celery: without a broker URL, tasks run eagerly in-process (the embedded mode).
CELERY_BROKER_URL = setting(env.str, "CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    # A host in the URL keeps kombu from warning "No hostname was supplied" on every job.
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "genstory"
# Batch generation has a queue of its own so interactive jobs are not stuck behind it. A worker
# started without -Q consumes both; `-Q batch` makes a dedicated batch worker.
CELERY_BATCH_QUEUE = setting(env.str, "CELERY_BATCH_QUEUE", default="batch")
CELERY_TASK_QUEUES = tuple(
    Queue(name, routing_key=name) for name in (CELERY_TASK_DEFAULT_QUEUE, CELERY_BATCH_QUEUE)
)
CELERY_TASK_ROUTES = ("jobs.lifecycle.route_job_task",)
# Worker shape. Every job kind (generation, refinement, images, batches) spends its time waiting
# on the model provider, so the default pool is threads: one process runs CELERY_WORKER_CONCURRENCY
# jobs at once in the memory of one. `celery worker --pool/--concurrency` still override these.
CELERY_WORKER_POOL = setting(env.str, "CELERY_WORKER_POOL", default="threads")
if CELERY_WORKER_POOL not in {"threads", "prefork", "solo", "gevent", "eventlet"}:
    fail("CELERY_WORKER_POOL must be one of threads, prefork, solo, gevent, eventlet")
CELERY_WORKER_CONCURRENCY = setting(env.int, "CELERY_WORKER_CONCURRENCY", default=8)
if CELERY_WORKER_CONCURRENCY < 1:
    fail("CELERY_WORKER_CONCURRENCY must be 1 or more")
# Workers log through LOGGING below (so LOG_FORMAT=json applies to job logs too).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": setting(env.int, "CELERY_VISIBILITY_TIMEOUT", default=900),
}
JOB_MAX_ATTEMPTS = setting(env.int, "JOB_MAX_ATTEMPTS", default=4)
JOB_RETRY_BACKOFF_SECONDS = setting(env.float, "JOB_RETRY_BACKOFF_SECONDS", default=2.0)
JOB_RETRY_BACKOFF_MAX_SECONDS = setting(env.float, "JOB_RETRY_BACKOFF_MAX_SECONDS", default=60.0)
# Time limits and recovery (the database is the source of truth, the broker only delivers). One
# attempt of a job may run for its kind's hard time limit (seconds): Celery stops it there on the
# pools that can, and on every pool its claim lapses JOB_LEASE_GRACE_SECONDS later, after which
# its work is refused and the sweep queues the job again (or fails it after JOB_MAX_ATTEMPTS). A
# queued job no worker took within JOB_REQUEUE_AFTER_SECONDS has its message sent again (the
# broker may have lost it). The sweep runs when a worker starts and every
# JOB_RECOVERY_INTERVAL_SECONDS under `celery beat`.
JOB_TIME_LIMIT_GENERATE = setting(env.float, "JOB_TIME_LIMIT_GENERATE", default=900.0)
JOB_TIME_LIMIT_REFINE_SCENE = setting(env.float, "JOB_TIME_LIMIT_REFINE_SCENE", default=300.0)
JOB_TIME_LIMIT_REFINE_STYLE = setting(env.float, "JOB_TIME_LIMIT_REFINE_STYLE", default=900.0)
JOB_TIME_LIMIT_ADJUST_AUDIENCE = setting(env.float, "JOB_TIME_LIMIT_ADJUST_AUDIENCE", default=900.0)
JOB_TIME_LIMIT_IMAGES = setting(env.float, "JOB_TIME_LIMIT_IMAGES", default=900.0)
JOB_TIME_LIMIT_NARRATION = setting(env.float, "JOB_TIME_LIMIT_NARRATION", default=900.0)
_JOB_TIME_LIMITS = (
    JOB_TIME_LIMIT_GENERATE,
    JOB_TIME_LIMIT_REFINE_SCENE,
    JOB_TIME_LIMIT_REFINE_STYLE,
    JOB_TIME_LIMIT_ADJUST_AUDIENCE,
    JOB_TIME_LIMIT_IMAGES,
    JOB_TIME_LIMIT_NARRATION,
)
if min(_JOB_TIME_LIMITS) <= 0:
    fail("every JOB_TIME_LIMIT_* must be more than 0 seconds")
JOB_LEASE_GRACE_SECONDS = setting(env.float, "JOB_LEASE_GRACE_SECONDS", default=30.0)
JOB_REQUEUE_AFTER_SECONDS = setting(env.float, "JOB_REQUEUE_AFTER_SECONDS", default=120.0)
JOB_RECOVERY_INTERVAL_SECONDS = setting(env.float, "JOB_RECOVERY_INTERVAL_SECONDS", default=60.0)
# Live job events (`GET /api/jobs/{id}/events/`, see jobs/events.py): one Redis Stream per job on
# JOB_EVENTS_REDIS_URL (default: the broker's Redis; empty without a broker: an in-process log,
# which only the process running the jobs can read: the embedded mode), at most
# JOB_EVENTS_MAX_LENGTH events kept per job, dropped JOB_EVENTS_TTL_SECONDS after the last one.
# An open stream sends a comment every JOB_EVENTS_HEARTBEAT_SECONDS so proxies keep it open.
_broker_redis = (
    ""
    if CELERY_TASK_ALWAYS_EAGER or not CELERY_BROKER_URL.startswith(("redis://", "rediss://"))
    else CELERY_BROKER_URL
)
JOB_EVENTS_REDIS_URL = setting(env.str, "JOB_EVENTS_REDIS_URL", default="") or _broker_redis
if JOB_EVENTS_REDIS_URL and not JOB_EVENTS_REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    fail("JOB_EVENTS_REDIS_URL must be a redis:// (or rediss://, unix://) URL, or empty")
JOB_EVENTS_MAX_LENGTH = setting(env.int, "JOB_EVENTS_MAX_LENGTH", default=1000)
JOB_EVENTS_TTL_SECONDS = setting(env.int, "JOB_EVENTS_TTL_SECONDS", default=86400)
JOB_EVENTS_HEARTBEAT_SECONDS = setting(env.float, "JOB_EVENTS_HEARTBEAT_SECONDS", default=15.0)
# Each open stream waits on its own Redis connection: at most this many per web process.
JOB_EVENTS_MAX_STREAMS = setting(env.int, "JOB_EVENTS_MAX_STREAMS", default=1000)
if (
    JOB_EVENTS_MAX_LENGTH < 10
    or JOB_EVENTS_TTL_SECONDS < 1
    or JOB_EVENTS_HEARTBEAT_SECONDS <= 0
    or JOB_EVENTS_MAX_STREAMS < 1
):
    fail(
        "JOB_EVENTS_MAX_LENGTH must be 10 or more, "
        "JOB_EVENTS_TTL_SECONDS, JOB_EVENTS_HEARTBEAT_SECONDS and JOB_EVENTS_MAX_STREAMS more than 0"
    )
CELERY_BEAT_SCHEDULE = {
    "requeue-stalled-jobs": {
        "task": "jobs.requeue_stalled_jobs",
        "schedule": JOB_RECOVERY_INTERVAL_SECONDS,
        "options": {"expires": JOB_RECOVERY_INTERVAL_SECONDS},
    },
}

# Language and image models. AI_PROVIDER: auto (openai when OPENAI_API_KEY is set), openai, offline.
AI_PROVIDER = setting(env.str, "AI_PROVIDER", default="auto")
if AI_PROVIDER not in {"auto", "openai", "offline"}:
    fail("AI_PROVIDER must be one of auto, openai, offline")
OPENAI_API_KEY = setting(env.str, "OPENAI_API_KEY", default="")
OPENAI_BASE_URL = setting(env.str, "OPENAI_BASE_URL", default="") or None
# OPENAI_MODEL is accepted as an alias of OPENAI_TEXT_MODEL (what other tools call it).
OPENAI_TEXT_MODEL = setting(
    env.str, "OPENAI_TEXT_MODEL", default=setting(env.str, "OPENAI_MODEL", default="gpt-4o-mini")
)
OPENAI_IMAGE_MODEL = setting(env.str, "OPENAI_IMAGE_MODEL", default="gpt-image-1")
# A call's timeout: OPENAI_TIMEOUT_SECONDS plus OPENAI_TIMEOUT_PER_TOKEN_SECONDS per output token asked.
OPENAI_TIMEOUT_SECONDS = setting(env.float, "OPENAI_TIMEOUT_SECONDS", default=120.0)
OPENAI_TIMEOUT_PER_TOKEN_SECONDS = setting(env.float, "OPENAI_TIMEOUT_PER_TOKEN_SECONDS", default=0.1)
OPENAI_MAX_RETRIES = setting(env.int, "OPENAI_MAX_RETRIES", default=1)
OPENAI_MAX_OUTPUT_TOKENS = setting(env.int, "OPENAI_MAX_OUTPUT_TOKENS", default=16000)
OPENAI_STRUCTURED_OUTPUT = setting(env.str, "OPENAI_STRUCTURED_OUTPUT", default="auto")
if OPENAI_STRUCTURED_OUTPUT not in {"auto", "json_schema", "json_object", "prompt"}:
    fail("OPENAI_STRUCTURED_OUTPUT must be one of auto, json_schema, json_object, prompt")
# Safety: who moderates user text and generated text (which categories block is a rule per
# audience, in stories.services.moderation). auto: the openai moderation endpoint when stories
# are written by openai, else the offline blocklist.
MODERATION_PROVIDER = setting(env.str, "MODERATION_PROVIDER", default="auto")
if MODERATION_PROVIDER not in {"auto", "openai", "offline"}:
    fail("MODERATION_PROVIDER must be one of auto, openai, offline")
OPENAI_MODERATION_MODEL = setting(env.str, "OPENAI_MODERATION_MODEL", default="omni-moderation-latest")
# Illustrations: size asked of the image model, how many provider calls may be in flight at once
# for one story, how often one image is retried on a rate limit or timeout, and the image model's
# prompt limit in characters.
IMAGE_SIZE = setting(env.str, "IMAGE_SIZE", default="1024x1024")
IMAGE_CONCURRENCY = setting(env.int, "IMAGE_CONCURRENCY", default=8)
IMAGE_MAX_ATTEMPTS = setting(env.int, "IMAGE_MAX_ATTEMPTS", default=3)
IMAGE_PROMPT_MAX_CHARS = setting(env.int, "IMAGE_PROMPT_MAX_CHARS", default=4000)
# Provider calls in flight at once for one story (scene writes of an outline-first generation).
AI_MAX_CONCURRENCY = setting(env.int, "AI_MAX_CONCURRENCY", default=4)
# Scenes rewritten at once (provider calls in flight) by a whole-story refinement or adjustment.
REWRITE_CONCURRENCY = setting(env.int, "REWRITE_CONCURRENCY", default=8)
# Read-aloud narration. NARRATION_PROVIDER: auto (openai when stories are written by OpenAI
# itself; offline for a custom OPENAI_BASE_URL, since self-hosted servers have no speech route),
# openai, offline (espeak-ng). The speech model, the transcription model that gives word
# timestamps (it must support timestamp_granularities=word), optional reading instructions for
# models that take them, the speech endpoint's input limit in characters, the default voice
# (empty: the provider's first), scenes narrated at once, attempts per scene on a retryable
# provider error, and the bitrate of the stored MP3.
NARRATION_PROVIDER = setting(env.str, "NARRATION_PROVIDER", default="auto")
if NARRATION_PROVIDER not in {"auto", "openai", "offline"}:
    fail("NARRATION_PROVIDER must be one of auto, openai, offline")
OPENAI_SPEECH_MODEL = setting(env.str, "OPENAI_SPEECH_MODEL", default="gpt-4o-mini-tts")
OPENAI_TRANSCRIPTION_MODEL = setting(env.str, "OPENAI_TRANSCRIPTION_MODEL", default="whisper-1")
OPENAI_SPEECH_INSTRUCTIONS = setting(env.str, "OPENAI_SPEECH_INSTRUCTIONS", default="")
OPENAI_SPEECH_MAX_CHARS = setting(env.int, "OPENAI_SPEECH_MAX_CHARS", default=4096)
if OPENAI_SPEECH_MAX_CHARS < 200:
    fail("OPENAI_SPEECH_MAX_CHARS must be at least 200")
NARRATION_VOICE = setting(env.str, "NARRATION_VOICE", default="")
NARRATION_CONCURRENCY = setting(env.int, "NARRATION_CONCURRENCY", default=4)
NARRATION_MAX_ATTEMPTS = setting(env.int, "NARRATION_MAX_ATTEMPTS", default=3)
NARRATION_MP3_BITRATE = setting(env.int, "NARRATION_MP3_BITRATE", default=48)
if NARRATION_MP3_BITRATE not in {32, 40, 48, 56, 64, 80, 96, 112, 128, 160}:
    fail("NARRATION_MP3_BITRATE must be one of 32, 40, 48, 56, 64, 80, 96, 112, 128, 160 (kbit/s)")
# Prices in USD per million tokens and per image, by model name.
AI_PRICES = {
    "gpt-4o-mini": {"prompt_per_million": 0.15, "completion_per_million": 0.60},
    "gpt-4o": {"prompt_per_million": 2.50, "completion_per_million": 10.00},
    "gpt-image-1": {"per_image": 0.04},
    "offline-storyteller-1": {},
    # Speech per minute of audio: the speech itself (0.015) plus its whisper-1 transcription for
    # word timings (0.006), since a narration job is recorded under its speech model.
    "gpt-4o-mini-tts": {"per_audio_minute": 0.021},
    "tts-1": {"per_million_speech_characters": 15.0, "per_audio_minute": 0.006},
    "espeak-ng": {},
}

# Spending: a user whose jobs (by their estimated cost) reach DAILY_BUDGET_USD since midnight UTC
# cannot start another job until the next day. 0 means no limit.
DAILY_BUDGET_USD = Decimal(str(setting(env.float, "DAILY_BUDGET_USD", default=5.0)))
if DAILY_BUDGET_USD < 0:
    fail("DAILY_BUDGET_USD must be 0 (no limit) or more")
# Tokens per step a starting job holds against the budget until it ends (priced as output
# tokens), for kinds that cannot forecast their use (generation and narration forecast theirs).
JOB_HOLD_TOKENS_PER_STEP = setting(env.int, "JOB_HOLD_TOKENS_PER_STEP", default=3000)
# Speaking rate a narration's hold assumes (slower than voices read, so the hold is not short).
NARRATION_HOLD_WORDS_PER_MINUTE = setting(env.float, "NARRATION_HOLD_WORDS_PER_MINUTE", default=100.0)
if NARRATION_HOLD_WORDS_PER_MINUTE <= 0:
    fail("NARRATION_HOLD_WORDS_PER_MINUTE must be more than 0")
# Most stories one batch may start (POST /api/stories/batch-generate/).
BATCH_MAX_SIZE = setting(env.int, "BATCH_MAX_SIZE", default=50)


# Requests per user to the expensive endpoints, by throttle scope.
THROTTLE_RATES = {
    "generate": throttle_rate("THROTTLE_GENERATE", "30/hour"),
    "refine": throttle_rate("THROTTLE_REFINE", "60/hour"),
    "adjust": throttle_rate("THROTTLE_ADJUST", "30/hour"),
    "images": throttle_rate("THROTTLE_IMAGES", "30/hour"),
    "exports": throttle_rate("THROTTLE_EXPORTS", "120/hour"),
    "batch": throttle_rate("THROTTLE_BATCH", "10/hour"),
    "narrate": throttle_rate("THROTTLE_NARRATE", "30/hour"),
    # Failed logins per username, and more loosely per client address, so that one guesser does
    # not lock out everyone behind the address (the token route and the admin login together).
    "login": throttle_rate("THROTTLE_LOGIN", "10/15min"),
    "login_address": throttle_rate("THROTTLE_LOGIN_ADDRESS", "100/15min"),
    # Registrations per client address.
    "register": throttle_rate("THROTTLE_REGISTER", "20/hour"),
}
# The cache holds throttle counters, so every web process must share it in production.
_cache_url = setting(env.str, "CACHE_URL", default="locmemcache://")
try:
    CACHES = {"default": environ.Env.cache_url_config(_cache_url)}
except (ImproperlyConfigured, KeyError, ValueError) as error:
    fail(f"CACHE_URL is not valid: {error}")
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "core.cache.RedisCache"  # one client per pool, see there
# Seconds a serialized story detail stays in that cache. Entries are keyed by the story's ETag,
# so a change never serves an old one; this only bounds how long unused entries take space.
API_CACHE_SECONDS = setting(env.int, "API_CACHE_SECONDS", default=3600)
# Seconds the cache keeps a token's user (AUTH_TOKEN_CACHE_SECONDS) and a story's current ETag
# (API_ETAG_CACHE_SECONDS), so a repeat read or a 304 costs no database query. Both are dropped
# on every ORM write to what they come from, at once wherever the cache is shared; these bound
# how long a change the cache cannot hear of (raw SQL, another process under a per-process
# cache) goes unseen. 0 turns either off.
AUTH_TOKEN_CACHE_SECONDS = setting(env.int, "AUTH_TOKEN_CACHE_SECONDS", default=300)
API_ETAG_CACHE_SECONDS = setting(env.int, "API_ETAG_CACHE_SECONDS", default=300)
# Seconds /readyz waits for the database and the broker before calling them unreachable.
READINESS_TIMEOUT_SECONDS = setting(env.float, "READINESS_TIMEOUT_SECONDS", default=2.0)
# Console log format: plain text, or json (one object per line, log extras as fields).
LOG_FORMAT = setting(env.str, "LOG_FORMAT", default="plain")
if LOG_FORMAT not in {"plain", "json"}:
    fail("LOG_FORMAT must be plain or json")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "core.log_format.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": setting(env.str, "LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}
