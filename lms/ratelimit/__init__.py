"""Counting attempts per key in a sliding window, shared by every process and server.

The count lives in the database (RateLimitHit rows) or, when REDIS_URL is set, in Redis
(one sorted set per key). Never in process memory: gunicorn runs several workers and a
limit each worker counts on its own is several times weaker.

Count-then-add is not atomic on the database backend, so parallel requests can overshoot a
limit by a few; that is acceptable for a brute-force brake.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import redis
from flask import current_app
from sqlalchemy import delete, func, select

from lms.extensions import db

from .models import RateLimitHit

# Rows older than this are swept on every hit; no rule has a longer window.
_SWEEP_AFTER = timedelta(days=1)
_REDIS = "lms.ratelimit.redis"


@dataclass(frozen=True)
class Rule:
    name: str
    limit: int
    window: timedelta


def login_rule() -> Rule:
    config = current_app.config
    return Rule(
        "login",
        int(config.get("LOGIN_MAX_FAILURES", 10)),
        timedelta(minutes=float(config.get("LOGIN_WINDOW_MINUTES", 15))),
    )


def quiz_submit_rule() -> Rule:
    # Generous: a learner submits a test a handful of times per hour at most.
    config = current_app.config
    return Rule("quiz", int(config.get("QUIZ_SUBMIT_MAX", 30)), timedelta(minutes=10))


def verify_rule() -> Rule:
    # Generous: an HR officer checking a pile of certificates by hand stays well under it.
    config = current_app.config
    return Rule("verify", int(config.get("VERIFY_MAX", 60)), timedelta(minutes=1))


def _key(rule: Rule, kind: str, value: str) -> str:
    # Hashed: what was typed as a NIP may be a password typed in the wrong field.
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"lms:{rule.name}:{kind}:{digest}"


def _redis() -> "redis.Redis | None":
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    clients = current_app.extensions.setdefault(_REDIS, {})
    if url not in clients:
        clients[url] = redis.Redis.from_url(url, socket_timeout=2)
    return clients[url]


def count(rule: Rule, kind: str, value: str, now: datetime) -> int:
    """Attempts under the key within the rule's window ending at `now`."""
    key, since = _key(rule, kind, value), now - rule.window
    client = _redis()
    if client is not None:
        return client.zcount(key, f"({since.timestamp()}", "+inf")
    query = select(func.count()).where(RateLimitHit.key == key, RateLimitHit.at > since)
    return db.session.scalar(query)


def add(rule: Rule, kind: str, value: str, now: datetime) -> None:
    """Count one attempt under the key (the database backend flushes; the caller commits)."""
    key = _key(rule, kind, value)
    client = _redis()
    if client is not None:
        stamp = now.timestamp()
        with client.pipeline() as pipe:
            pipe.zremrangebyscore(key, "-inf", (now - rule.window).timestamp())
            # A unique member per hit: two hits in the same microsecond must both count.
            pipe.zadd(key, {f"{stamp}:{secrets.token_hex(6)}": stamp})
            pipe.expire(key, int(rule.window.total_seconds()) + 1)
            pipe.execute()
        return
    db.session.execute(delete(RateLimitHit).where(RateLimitHit.at < now - _SWEEP_AFTER))
    db.session.add(RateLimitHit(key=key, at=now))
    db.session.flush()


def clear(rule: Rule, kind: str, value: str) -> None:
    key = _key(rule, kind, value)
    client = _redis()
    if client is not None:
        client.delete(key)
        return
    db.session.execute(delete(RateLimitHit).where(RateLimitHit.key == key))


def blocked(rule: Rule, keys: dict[str, str], now: datetime) -> bool:
    """Whether any of the keys (kind → value) has used up the rule's limit."""
    return any(count(rule, kind, value, now) >= rule.limit for kind, value in keys.items())


def hit(rule: Rule, keys: dict[str, str], now: datetime) -> bool:
    """Count one attempt under every key; True if that went over the limit on any of them."""
    for kind, value in keys.items():
        add(rule, kind, value, now)
    return any(count(rule, kind, value, now) > rule.limit for kind, value in keys.items())
