"""Settings read from the environment with safe defaults; nothing else reads os.environ."""

import os
import re
import secrets
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
# Every SECRET_KEY ever shipped in this repository (deploy/env.example, the former development
# constant): anyone can sign a session with them, so production refuses them.
PLACEHOLDER_KEYS = frozenset({"change-me", "development-only-not-secret"})
MIN_KEY_BYTES = 32
_TESTING_KEY = secrets.token_hex(32)


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def load() -> dict:
    """Return the settings for this process."""
    env = os.environ.get("LMS_ENV", "development")
    return {
        "ENV_NAME": env,
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        "SECRET_KEY_FILE": str(INSTANCE_DIR / "secret_key"),
        "SQLALCHEMY_DATABASE_URI": os.environ.get(
            "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'bina.sqlite3'}"
        ),
        "DB_POOL_SIZE": int(os.environ.get("DB_POOL_SIZE", "2")),
        "DB_MAX_OVERFLOW": int(os.environ.get("DB_MAX_OVERFLOW", "2")),
        "STATEMENT_TIMEOUT_MS": int(os.environ.get("STATEMENT_TIMEOUT_MS", "30000")),
        "LOCK_TIMEOUT_MS": int(os.environ.get("LOCK_TIMEOUT_MS", "15000")),
        "PROXY_FIX": _bool("PROXY_FIX", False),
        "SQLITE_BUSY_TIMEOUT_MS": int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", "15000")),
        "PASSWORD_HASH_METHOD": os.environ.get("PASSWORD_HASH_METHOD", "scrypt:131072:8:1"),
        "BABEL_DEFAULT_LOCALE": "id",
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("LMS_TIMEZONE", "Asia/Jakarta"),
        "LANGUAGES": ["id", "en"],
        "JP_TARGET_PER_YEAR": int(os.environ.get("JP_TARGET_PER_YEAR", "20")),
        "PPPK_JP_MAX_PER_YEAR": int(os.environ.get("PPPK_JP_MAX_PER_YEAR", "24")),
        "ITEM_ANALYSIS_MIN_RESPONSES": int(os.environ.get("ITEM_ANALYSIS_MIN_RESPONSES", "20")),
        "L4_LOW_PARTICIPATION_PERCENT": float(os.environ.get("L4_LOW_PARTICIPATION_PERCENT", "30")),
        "MINUTES_PER_JP": int(os.environ.get("MINUTES_PER_JP", "45")),
        "STUDY_PAGE_CAP_MINUTES": int(os.environ.get("STUDY_PAGE_CAP_MINUTES", "20")),
        "CERTIFICATE_ISSUER": os.environ.get("CERTIFICATE_ISSUER", "BPSDM Provinsi Jambi"),
        "CERTIFICATE_PLACE": os.environ.get("CERTIFICATE_PLACE", "Jambi"),
        "EVALUATION_DELAY_DAYS": int(os.environ.get("EVALUATION_DELAY_DAYS", "90")),
        # None outside production: links use the address the request came to.
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL") or None,
        "CERTIFICATE_SIGNING_P12": os.environ.get("CERTIFICATE_SIGNING_P12") or None,
        "CERTIFICATE_SIGNING_PASSWORD": os.environ.get("CERTIFICATE_SIGNING_PASSWORD", ""),
        "CONTENT_DIR": os.environ.get("CONTENT_DIR", str(BASE_DIR / "content")),
        "UPLOAD_DIR": os.environ.get("UPLOAD_DIR", str(INSTANCE_DIR / "uploads")),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", str(8 * 1024 * 1024))),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", env == "production"),
        "PERMANENT_SESSION_LIFETIME": timedelta(
            hours=float(os.environ.get("SESSION_IDLE_HOURS", "8"))
        ),
        "REMEMBER_COOKIE_DURATION": timedelta(days=0),
        "WTF_CSRF_TIME_LIMIT": None,
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "127.0.0.1"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Bina ASN <no-reply@bina.jambiprov.go.id>"),
        "REDIS_URL": os.environ.get("REDIS_URL"),
        "LOGIN_MAX_FAILURES": int(os.environ.get("LOGIN_MAX_FAILURES", "10")),
        "LOGIN_WINDOW_MINUTES": int(os.environ.get("LOGIN_WINDOW_MINUTES", "15")),
        "QUIZ_SUBMIT_MAX": int(os.environ.get("QUIZ_SUBMIT_MAX", "30")),
        "VERIFY_MAX": int(os.environ.get("VERIFY_MAX", "60")),
    }


def secret_key(env: str, configured: str | None, key_file: Path) -> str:
    """The key that signs sessions.

    Testing: the configured one or a random key per process. Development: the configured one
    or a random key made once and kept in `key_file` (sessions survive a restart; nobody else
    knows it). Production: the configured one; RuntimeError when it is missing, shorter than
    32 bytes, a placeholder shipped in the repository or this machine's development key.
    """
    if env == "testing":
        return configured or _TESTING_KEY
    if env == "development":
        return configured or _development_key(key_file)
    advice = "Set SECRET_KEY to `python -c 'import secrets; print(secrets.token_hex(32))'`."
    if not configured:
        raise RuntimeError(f"SECRET_KEY is not set. {advice}")
    if len(configured.encode()) < MIN_KEY_BYTES:
        raise RuntimeError(f"SECRET_KEY is shorter than {MIN_KEY_BYTES} bytes. {advice}")
    if configured in PLACEHOLDER_KEYS or configured == _read_key(key_file):
        raise RuntimeError(f"SECRET_KEY is a published or development key. {advice}")
    return configured


def public_base_url(env: str, configured: str | None) -> str | None:
    """The address printed on certificates and in e-mails, without a trailing slash.

    Production: required, http(s)://host[/path]; RuntimeError otherwise, since a QR code on
    paper that points at the wrong host cannot be fixed once printed. Elsewhere: the
    configured one or None (pages then use the address they were requested at).
    """
    if configured:
        url = configured.strip().rstrip("/")
        if not re.fullmatch(r"https?://[^/\s?#]+(/[^\s?#]*)?", url):
            raise RuntimeError(
                f"PUBLIC_BASE_URL must be an http:// or https:// address, not {configured!r}."
            )
        return url
    if env == "production":
        raise RuntimeError(
            "PUBLIC_BASE_URL is not set. Set it to the address employees open Bina ASN at, "
            "e.g. https://bina.jambiprov.go.id: certificate QR codes and e-mail links use it."
        )
    return None


def _read_key(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii").strip() or None
    except FileNotFoundError:
        return None


def _development_key(path: Path) -> str:
    key = _read_key(path)
    if key:
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    try:  # O_EXCL: of two processes starting at once, the first key written wins
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key(path) or secrets.token_hex(32)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(secrets.token_hex(32) + "\n")
    return _read_key(path)
