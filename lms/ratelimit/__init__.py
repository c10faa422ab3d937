"""Counting attempts per key in a sliding window, shared by every process and server.

The count lives in the database (RateLimitHit rows) or, when REDIS_URL is set, in Redis
(one sorted set per key). Never in process memory: gunicorn runs several workers and a
limit each worker counts on its own is several times weaker.

Count-then-add is not atomic on the database backend, so parallel requests can overshoot a
limit by a few; that is acceptable for a brute-force brake.

Either way a hit is stored with the request's commit. A request lost to a conflict is run again
(lms.web.database), so a view has no side effect outside the database before its commit: the
Redis writes wait in the session until it commits, and a rollback drops them.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import redis
from flask import current_app
from sqlalchemy import delete, event, func, select
from sqlalchemy.orm import Session, SessionTransaction

from lms.extensions import db

from .models import RateLimitHit

# Rows older than this are swept on every hit; no rule has a longer window.
_SWEEP_AFTER = timedelta(days=1)
_REDIS = "lms.ratelimit.redis"
_PENDING = "lms.ratelimit.pending"  # in Session.info: Redis writes waiting for the commit


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


@dataclass(frozen=True)
class _Write:
    """A Redis write held until the commit: a hit (with its time and window) or a clear."""

    client: "redis.Redis"
    key: str
    at: datetime | None = None
    window: timedelta | None = None

    def send(self, pipe: "redis.client.Pipeline") -> None:
        if self.at is None or self.window is None:
            pipe.delete(self.key)
            return
        stamp = self.at.timestamp()
        pipe.zremrangebyscore(self.key, "-inf", (self.at - self.window).timestamp())
        # A unique member per hit: two hits in the same microsecond must both count.
        pipe.zadd(self.key, {f"{stamp}:{secrets.token_hex(6)}": stamp})
        pipe.expire(self.key, int(self.window.total_seconds()) + 1)


def _pending() -> list[_Write]:
    return db.session().info.get(_PENDING, [])


def _queue(write: _Write) -> None:
    session = db.session()
    if not session.in_transaction():
        session.begin()  # no query yet: so that a rollback still drops the write
    session.info.setdefault(_PENDING, []).append(write)


def count(rule: Rule, kind: str, value: str, now: datetime) -> int:
    """Attempts under the key within the rule's window ending at `now`."""
    key, since = _key(rule, kind, value), now - rule.window
    client = _redis()
    if client is not None:
        counted = client.zcount(key, f"({since.timestamp()}", "+inf")
        for write in _pending():  # this request's own writes, not sent yet
            if write.key == key:
                counted = 0 if write.at is None else counted + (write.at > since)
        return counted
    query = select(func.count()).where(RateLimitHit.key == key, RateLimitHit.at > since)
    return db.session.scalar(query)


def add(rule: Rule, kind: str, value: str, now: datetime) -> None:
    """Count one attempt under the key (the database backend flushes; the caller commits)."""
    key = _key(rule, kind, value)
    client = _redis()
    if client is not None:
        _queue(_Write(client, key, now, rule.window))
        return
    db.session.execute(delete(RateLimitHit).where(RateLimitHit.at < now - _SWEEP_AFTER))
    db.session.add(RateLimitHit(key=key, at=now))
    db.session.flush()


def clear(rule: Rule, kind: str, value: str) -> None:
    key = _key(rule, kind, value)
    client = _redis()
    if client is not None:
        _queue(_Write(client, key))
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


@event.listens_for(Session, "after_commit")
def _send_pending(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint released: the request may still fail
        return
    for write in session.info.pop(_PENDING, []):
        with write.client.pipeline() as pipe:
            write.send(pipe)
            pipe.execute()


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending(session: Session, previous: SessionTransaction) -> None:
    if not previous.nested:
        session.info.pop(_PENDING, None)
