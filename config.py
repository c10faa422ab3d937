"""Settings read from the environment with safe defaults; nothing else reads os.environ."""

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def load() -> dict:
    """Return the settings for this process."""
    env = os.environ.get("LMS_ENV", "development")
    return {
        "ENV_NAME": env,
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": os.environ.get(
            "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'bina.sqlite3'}"
        ),
        "DB_POOL_SIZE": int(os.environ.get("DB_POOL_SIZE", "2")),
        "DB_MAX_OVERFLOW": int(os.environ.get("DB_MAX_OVERFLOW", "2")),
        "STATEMENT_TIMEOUT_MS": int(os.environ.get("STATEMENT_TIMEOUT_MS", "30000")),
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
        "CERTIFICATE_ISSUER": os.environ.get("CERTIFICATE_ISSUER", "BPSDM Provinsi Jambi"),
        "CERTIFICATE_PLACE": os.environ.get("CERTIFICATE_PLACE", "Jambi"),
        "EVALUATION_DELAY_DAYS": int(os.environ.get("EVALUATION_DELAY_DAYS", "90")),
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000"),
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
