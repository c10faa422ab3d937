"""Brute-force brakes: sign-in per NIP and per IP, quiz submission, certificate verification."""

import secrets
from datetime import timedelta

import pytest
import redis
from flask import request
from sqlalchemy import select, update

from lms import clock, ratelimit
from lms.extensions import db
from lms.learning import services as learning
from lms.quizzes import services as quizzes
from lms.quizzes.models import Attempt
from lms.ratelimit.models import RateLimitHit

from ..conftest import TEST_PASSWORD, login, make_app
from ..factories import make_certificate, make_module, make_user
from ..reliability.test_database import fail_with

UNKNOWN_NIP = "199901012020011999"


def _post(client, nip, password, ip="10.0.0.1"):
    return client.post(
        "/login", data={"nip": nip, "password": password}, environ_base={"REMOTE_ADDR": ip}
    )


def _fail(client, nip, times, ip="10.0.0.1"):
    for _ in range(times):
        assert _post(client, nip, "salah-sekali", ip).status_code == 400


def test_ten_failures_lock_the_nip_even_with_the_right_password(client):
    user = make_user("Peserta")
    _fail(client, user.nip, 10)
    response = _post(client, user.nip, TEST_PASSWORD)
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.get_data(as_text=True)
    assert client.get("/sertifikat").status_code == 302  # not signed in
    # From another address too: the limit is per NIP, not only per IP.
    assert _post(client, user.nip, TEST_PASSWORD, ip="10.0.0.2").status_code == 429


def test_nine_failures_still_let_the_right_password_in(client):
    user = make_user("Peserta")
    _fail(client, user.nip, 9)
    assert _post(client, user.nip, TEST_PASSWORD).status_code == 302


def test_a_locked_unknown_nip_looks_like_a_locked_known_one(client):
    user = make_user("Peserta")
    _fail(client, user.nip, 10, ip="10.0.0.1")
    _fail(client, UNKNOWN_NIP, 10, ip="10.0.0.2")
    known = _post(client, user.nip, "salah-sekali", ip="10.0.0.3")
    unknown = _post(client, UNKNOWN_NIP, "salah-sekali", ip="10.0.0.4")
    assert known.status_code == unknown.status_code == 429
    assert known.get_data() == unknown.get_data()


def test_ten_failures_from_one_address_lock_that_address(client):
    victim = make_user("Peserta")
    for serial in range(10):
        _fail(client, f"19900101201501{serial:04d}", 1, ip="10.0.0.9")
    assert _post(client, victim.nip, TEST_PASSWORD, ip="10.0.0.9").status_code == 429
    assert _post(client, victim.nip, TEST_PASSWORD, ip="10.0.0.10").status_code == 302


def test_the_count_is_shared_by_two_app_servers(app, database_url):
    # A plain string: reading user.nip later would open a read transaction in the test's session.
    nip = make_user("Peserta").nip
    other = make_app(database_url)
    try:
        _fail(app.test_client(), nip, 5, ip="10.0.0.1")
        _fail(other.test_client(), nip, 5, ip="10.0.0.2")
        assert _post(other.test_client(), nip, TEST_PASSWORD, "10.0.0.4").status_code == 429
        assert _post(app.test_client(), nip, TEST_PASSWORD, "10.0.0.3").status_code == 429
    finally:
        with other.app_context():
            db.engine.dispose()


def _spacings(nip: str) -> list[str]:
    """Ten ways to type one NIP that sign-in reads as that NIP."""
    parts = (nip[:8], nip[8:14], nip[14], nip[15:])
    return [
        " ".join(parts),
        "  ".join(parts),
        "\t".join(parts),
        "\u00a0".join(parts),
        f" {nip}",
        f"{nip} ",
        " ".join(nip),
        f"{nip[:9]} {nip[9:]}",
        f"{nip[:3]}\n{nip[3:]}",
        "\u3000".join(parts),
    ]


def test_every_spacing_of_a_nip_counts_against_the_one_nip(client):
    user = make_user("Peserta")
    spellings = _spacings(user.nip)
    for ip, spelling in enumerate(spellings):  # new addresses too: only the NIP count can lock
        _fail(client, spelling, 1, ip=f"10.0.1.{ip}")
    for spelling in [user.nip, "19" + " " + user.nip[2:]]:
        assert _post(client, spelling, TEST_PASSWORD, ip="10.0.2.1").status_code == 429
    assert client.get("/sertifikat").status_code == 302  # not signed in


def test_a_spaced_nip_signs_in_and_clears_the_count_of_the_nip(client):
    user = make_user("Peserta")
    _fail(client, user.nip, 9)
    assert _post(client, _spacings(user.nip)[0], TEST_PASSWORD).status_code == 302
    client.post("/logout")
    _fail(client, user.nip, 9, ip="10.0.0.5")
    assert _post(client, user.nip, TEST_PASSWORD, ip="10.0.0.6").status_code == 302


def test_the_lock_lifts_when_the_window_has_passed(client):
    user = make_user("Peserta")
    _fail(client, user.nip, 10)
    assert _post(client, user.nip, TEST_PASSWORD).status_code == 429
    db.session.execute(update(RateLimitHit).values(at=clock.utcnow() - timedelta(minutes=16)))
    db.session.commit()
    assert _post(client, user.nip, TEST_PASSWORD).status_code == 302


def test_limits_come_from_the_configuration(app, database_url):
    # `app`: its teardown empties the tables this test's own app(s) wrote to.
    limited = make_app(database_url, LOGIN_MAX_FAILURES=3, LOGIN_WINDOW_MINUTES=1)
    with limited.app_context():
        user = make_user("Peserta")
        client = limited.test_client()
        _fail(client, user.nip, 3)
        assert _post(client, user.nip, TEST_PASSWORD).status_code == 429
        db.session.execute(update(RateLimitHit).values(at=clock.utcnow() - timedelta(minutes=2)))
        db.session.commit()
        assert _post(client, user.nip, TEST_PASSWORD).status_code == 302
        db.session.remove()
        db.engine.dispose()


def test_a_successful_sign_in_resets_the_nip_count(client):
    user = make_user("Peserta")
    _fail(client, user.nip, 9)
    login(client, user)
    client.post("/logout")
    _fail(client, user.nip, 9, ip="10.0.0.5")
    assert _post(client, user.nip, TEST_PASSWORD, ip="10.0.0.6").status_code == 302


def test_no_typed_value_is_stored_in_clear(client):
    """A password typed into the NIP field must not end up in the rate-limit table."""
    _post(client, "Rahasia-Salah-Tempat", "x")
    keys = db.session.scalars(select(RateLimitHit.key)).all()
    assert keys and not any("Rahasia" in key for key in keys)


def _redis_or_skip() -> redis.Redis:
    client = redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    return client


def test_redis_backend_counts_and_shares(app, database_url):
    # `app`: its teardown empties the tables this test's own app(s) wrote to.
    server = _redis_or_skip()
    apps = [make_app(database_url, REDIS_URL="redis://127.0.0.1:6379/0") for _ in range(2)]
    nip, ip = f"1990{secrets.randbelow(10**14):014d}", f"10.9.{secrets.randbelow(250)}.1"
    try:
        with apps[0].app_context():
            make_user("Peserta", nip=nip)
        _fail(apps[0].test_client(), nip, 5, ip)
        _fail(apps[1].test_client(), nip, 5, ip)
        with apps[0].app_context():
            assert db.session.scalar(select(RateLimitHit.id)) is None  # nothing in the DB
            rule = ratelimit.login_rule()
            assert ratelimit.count(rule, "nip", nip, clock.utcnow()) == 10
            later = clock.utcnow() + timedelta(minutes=16)
            assert ratelimit.count(rule, "nip", nip, later) == 0
        assert _post(apps[1].test_client(), nip, TEST_PASSWORD, ip).status_code == 429
    finally:
        for each in apps:
            with each.app_context():
                ratelimit.clear(ratelimit.login_rule(), "nip", nip)
                ratelimit.clear(ratelimit.login_rule(), "ip", ip)
                db.session.commit()  # Redis writes wait for the commit
                db.engine.dispose()
        server.close()


def test_a_request_run_again_after_a_conflict_counts_its_hit_once(app):
    server = _redis_or_skip()
    app.config["REDIS_URL"] = "redis://127.0.0.1:6379/0"
    rule, ip, runs = ratelimit.verify_rule(), f"10.8.{secrets.randbelow(250)}.1", []

    def view():
        runs.append(request.path)
        ratelimit.hit(rule, {"ip": ip}, clock.utcnow())
        if len(runs) == 1:
            fail_with("40001")  # lost to a conflict: lms.web.database runs the request again
        db.session.commit()
        return "ok"

    view.allowed_roles = ("anonymous",)
    app.add_url_rule("/hitung", "hitung", view, methods=["POST"])
    try:
        assert app.test_client().post("/hitung").text == "ok"
        assert len(runs) == 2
        assert ratelimit.count(rule, "ip", ip, clock.utcnow()) == 1
    finally:
        ratelimit.clear(rule, "ip", ip)
        db.session.commit()
        server.close()


def test_redis_writes_wait_for_the_commit_and_a_rollback_drops_them(app):
    server = _redis_or_skip()
    app.config["REDIS_URL"] = "redis://127.0.0.1:6379/0"
    rule, ip = ratelimit.verify_rule(), f"10.7.{secrets.randbelow(250)}.1"
    try:
        ratelimit.hit(rule, {"ip": ip}, clock.utcnow())
        assert ratelimit.count(rule, "ip", ip, clock.utcnow()) == 1  # this request sees it
        db.session.rollback()
        assert ratelimit.count(rule, "ip", ip, clock.utcnow()) == 0
        ratelimit.hit(rule, {"ip": ip}, clock.utcnow())
        db.session.commit()
        assert ratelimit.count(rule, "ip", ip, clock.utcnow()) == 1
        ratelimit.clear(rule, "ip", ip)
        ratelimit.hit(rule, {"ip": ip}, clock.utcnow())
        assert ratelimit.count(rule, "ip", ip, clock.utcnow()) == 1  # cleared, then one hit
        db.session.commit()
        assert ratelimit.count(rule, "ip", ip, clock.utcnow()) == 1
    finally:
        ratelimit.clear(rule, "ip", ip)
        db.session.commit()
        server.close()


def test_quiz_submission_is_limited_per_learner(app, database_url):
    # `app`: its teardown empties the tables this test's own app(s) wrote to.
    limited = make_app(database_url, QUIZ_SUBMIT_MAX=1)
    with limited.app_context():
        user = make_user("Peserta")
        client = limited.test_client()
        login(client, user)
        first = learning.enroll(user, make_module("modul-a"))
        second = learning.enroll(user, make_module("modul-b"))
        attempts = [quizzes.start_attempt(e, "pre") for e in (first, second)]
        db.session.commit()
        ids = [a.id for a in attempts]
        assert client.post(f"/tes/{ids[0]}", data={"action": "submit"}).status_code == 302
        assert client.post(f"/tes/{ids[1]}", data={"action": "submit"}).status_code == 429
        db.session.expire_all()
        assert db.session.get(Attempt, ids[1]).is_open  # refused: nothing submitted
        # Saving answers is not a submission and is not braked.
        assert client.post(f"/tes/{ids[1]}", data={"action": "save"}).status_code == 302
        db.session.remove()
        db.engine.dispose()


def test_certificate_verification_is_limited_per_address(app, database_url):
    # `app`: its teardown empties the tables this test's own app(s) wrote to.
    limited = make_app(database_url, VERIFY_MAX=3)
    with limited.app_context():
        code = make_certificate(make_user("Peserta")).code
        client = limited.test_client()
        for _ in range(3):
            assert (
                client.get(f"/verify/{code}", environ_base={"REMOTE_ADDR": "10.1.1.1"}).status_code
                == 200
            )
        assert (
            client.get(f"/verify/{code}", environ_base={"REMOTE_ADDR": "10.1.1.1"}).status_code
            == 429
        )
        assert (
            client.get(f"/verify/{code}", environ_base={"REMOTE_ADDR": "10.1.1.2"}).status_code
            == 200
        )
        db.session.remove()
        db.engine.dispose()
