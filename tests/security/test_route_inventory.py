"""Every route, every role: the outcome is written down here (ASVS V4.1.1, V4.1.3, V4.2.1).

A route missing from ACCESS fails the test, so a new page cannot ship without saying who may use
it. Roles, in column order: anonymous, learner, trainer, supervisor, admin, other_supervisor (a
supervisor of another team). URL ids are the objects of the learner in `supervisor`'s team (see
world.py), so other people's ids answer 404. GET routes are fetched by every role. POST-only
routes are posted (empty, CSRF off) by the anonymous visitor and by the roles the route refuses;
`None` marks an allowed role, whose POSTs the feature tests exercise (here they would change the
data the other columns rely on).
"""

import pytest
from sqlalchemy import select

from lms.assignments.models import Assignment
from lms.extensions import db

from ..conftest import login
from .world import ROLES, make_world

ACCESS = {
    ("GET", "/"): (302, 302, 302, 302, 302, 302),
    ("GET", "/admin/audit/"): (302, 403, 403, 403, 200, 403),
    ("GET", "/admin/audit/audit.csv"): (302, 403, 403, 403, 200, 403),
    ("GET", "/admin/pegawai"): (302, 403, 403, 403, 200, 403),
    ("GET", "/admin/pegawai/<int:user_id>"): (302, 403, 403, 403, 200, 403),
    ("POST", "/admin/pegawai/<int:user_id>/kata-sandi-sementara"): (302, 403, 403, 403, None, 403),
    ("POST", "/admin/pegawai/<int:user_id>/keluarkan"): (302, 403, 403, 403, None, 403),
    ("GET", "/admin/pegawai/baru"): (302, 403, 403, 403, 200, 403),
    ("GET", "/admin/pegawai/impor"): (302, 403, 403, 403, 200, 403),
    ("GET", "/admin/pegawai/kata-sandi-massal"): (302, 403, 403, 403, 200, 403),
    ("GET", "/admin/pegawai/impor/templat.csv"): (302, 403, 403, 403, 200, 403),
    ("GET", "/admin/sertifikat/<int:certificate_id>/cabut"): (302, 403, 403, 403, 200, 403),
    ("GET", "/admin/sertifikat/lambang/<int:emblem_id>"): (302, 403, 403, 403, 200, 403),
    ("GET", "/admin/sertifikat/penerbit"): (302, 403, 403, 403, 200, 403),
    ("GET", "/admin/unit"): (302, 403, 403, 403, 200, 403),
    ("GET", "/admin/unit/<int:unit_id>"): (302, 403, 403, 403, 200, 403),
    ("POST", "/bahasa"): (302, 302, 302, 302, 302, 302),
    ("GET", "/beranda"): (302, 200, 200, 200, 200, 200),
    ("GET", "/healthz"): (200, 200, 200, 200, 200, 200),
    ("GET", "/bantuan"): (200, 200, 200, 200, 200, 200),
    ("GET", "/privasi"): (200, 200, 200, 200, 200, 200),
    ("GET", "/cookie"): (200, 200, 200, 200, 200, 200),
    ("GET", "/aksesibilitas"): (200, 200, 200, 200, 200, 200),
    ("GET", "/admin/kontak-bantuan"): (302, 403, 403, 403, 200, 403),
    ("GET", "/admin/kontak-bantuan/<int:contact_id>"): (302, 403, 403, 403, 200, 403),
    ("GET", "/admin/kontak-bantuan/<int:contact_id>/hapus"): (302, 403, 403, 403, 200, 403),
    ("GET", "/kata-sandi"): (302, 200, 200, 200, 200, 200),
    ("GET", "/login"): (200, 302, 302, 302, 302, 302),
    ("POST", "/logout"): (302, None, None, None, None, None),
    ("GET", "/media/<name>"): (302, 404, 404, 404, 404, 404),
    ("GET", "/modul/<slug>"): (302, 200, 200, 200, 200, 200),
    ("GET", "/modul/<slug>/evaluasi"): (302, 302, 404, 404, 404, 404),
    ("GET", "/modul/<slug>/materi/<int:position>"): (302, 302, 302, 302, 302, 302),
    ("POST", "/modul/<slug>/materi/<int:position>/cek/<key>"): (302, None, None, None, None, None),
    ("POST", "/modul/<slug>/materi/<int:position>/refleksi/<key>"): (
        302,
        None,
        None,
        None,
        None,
        None,
    ),
    ("POST", "/modul/<slug>/materi/<int:position>/rtl"): (302, None, None, None, None, None),
    ("POST", "/modul/<slug>/materi/<int:position>/selesai"): (302, None, None, None, None, None),
    ("POST", "/modul/<slug>/post-test"): (302, None, None, None, None, None),
    ("POST", "/modul/<slug>/pre-test"): (302, None, None, None, None, None),
    ("GET", "/monev"): (302, 403, 403, 403, 200, 403),
    ("GET", "/monev/indikator"): (302, 403, 403, 403, 200, 403),
    ("GET", "/monev/indikator/<int:indicator_id>"): (302, 403, 403, 403, 200, 403),
    ("POST", "/monev/indikator/mulai"): (302, 403, 403, 403, None, 403),
    ("GET", "/monev/laporan"): (302, 403, 403, 403, 200, 403),
    ("GET", "/monev/level"): (302, 403, 403, 403, 200, 403),
    ("GET", "/pengajar"): (302, 403, 200, 403, 200, 403),
    ("GET", "/pengajar/modul-baru"): (302, 403, 200, 403, 200, 403),
    ("GET", "/pengajar/modul/<slug>"): (302, 403, 200, 403, 200, 403),
    ("GET", "/pengajar/modul/<slug>/<any(arsipkan, pulihkan):action>"): (
        302,
        403,
        200,
        403,
        200,
        403,
    ),
    ("GET", "/pengajar/modul/<slug>/analisis"): (302, 403, 200, 403, 200, 403),
    ("POST", "/pengajar/modul/<slug>/buang-draf"): (302, 403, None, 403, None, 403),
    ("GET", "/pengajar/modul/<slug>/ekspor"): (302, 403, 200, 403, 200, 403),
    ("POST", "/pengajar/modul/<slug>/gambar"): (302, 403, None, 403, None, 403),
    ("GET", "/pengajar/modul/<slug>/materi-baru"): (302, 403, 200, 403, 200, 403),
    ("GET", "/pengajar/modul/<slug>/materi/<int:position>"): (302, 403, 200, 403, 200, 403),
    ("POST", "/pengajar/modul/<slug>/materi/<int:position>/<any(naik, turun):direction>"): (
        302,
        403,
        None,
        403,
        None,
        403,
    ),
    ("POST", "/pengajar/modul/<slug>/materi/<int:position>/hapus"): (
        302,
        403,
        None,
        403,
        None,
        403,
    ),
    ("GET", "/pengajar/modul/<slug>/pengaturan"): (302, 403, 200, 403, 200, 403),
    ("GET", "/pengajar/modul/<slug>/salin"): (302, 403, 200, 403, 200, 403),
    ("POST", "/pengajar/modul/<slug>/pengelola"): (302, 403, 403, 403, None, 403),
    ("POST", "/pengajar/modul/<slug>/pengelola/<int:user_id>/lepas"): (
        302,
        403,
        403,
        403,
        None,
        403,
    ),
    ("GET", "/pengajar/modul/<slug>/pratinjau/<int:position>"): (302, 403, 200, 403, 200, 403),
    ("GET", "/pengajar/modul/<slug>/soal"): (302, 403, 200, 403, 200, 403),
    ("GET", "/pengajar/modul/<slug>/soal/<int:position>"): (302, 403, 200, 403, 200, 403),
    ("GET", "/pengajar/modul/<slug>/soal/<int:position>/hapus"): (302, 403, 200, 403, 200, 403),
    ("GET", "/pengajar/modul/<slug>/soal/<int:position>/ubah"): (302, 403, 200, 403, 200, 403),
    ("GET", "/pengajar/modul/<slug>/soal/baru/<kind>"): (302, 403, 200, 403, 200, 403),
    ("GET", "/pengajar/modul/<slug>/soal/ekspor"): (302, 403, 200, 403, 200, 403),
    ("GET", "/pengajar/modul/<slug>/soal/impor"): (302, 403, 200, 403, 200, 403),
    ("POST", "/pengajar/modul/<slug>/soal/impor/simpan"): (302, 403, None, 403, None, 403),
    ("POST", "/pengajar/modul/<slug>/terbitkan"): (302, 403, None, 403, None, 403),
    ("GET", "/pengajar/modul/<slug>/uraian"): (302, 403, 200, 403, 200, 403),
    ("GET", "/sertifikat"): (302, 200, 200, 200, 200, 200),
    ("GET", "/sertifikat/<int:certificate_id>.pdf"): (302, 200, 404, 404, 404, 404),
    ("GET", "/sertifikat/siasn.csv"): (302, 200, 200, 200, 200, 200),
    ("POST", "/tes/<int:attempt_id>"): (302, None, None, None, None, None),
    ("GET", "/tes/<int:attempt_id>"): (302, 200, 404, 404, 404, 404),
    ("GET", "/tes/<int:attempt_id>/hasil"): (302, 302, 404, 404, 404, 404),
    ("GET", "/tes/<int:attempt_id>/periksa"): (302, 200, 404, 404, 404, 404),
    ("POST", "/tes/<int:attempt_id>/kirim"): (302, None, None, None, None, None),
    ("GET", "/tim"): (302, 403, 403, 200, 403, 200),
    ("GET", "/tim/evaluasi"): (302, 403, 403, 200, 403, 200),
    ("GET", "/tim/evaluasi/<int:enrollment_id>"): (302, 403, 403, 404, 403, 404),
    ("GET", "/pegawai/<int:user_id>/rekam-belajar"): (302, 404, 404, 200, 200, 404),
    ("GET", "/tim/pegawai/<int:user_id>"): (302, 403, 403, 200, 403, 404),
    ("GET", "/tim/peningkatan"): (302, 403, 403, 200, 403, 200),
    ("GET", "/tim/tugas"): (302, 403, 403, 200, 403, 200),
    ("POST", "/tim/rtl/<int:enrollment_id>/akui"): (302, 403, 403, None, 403, 404),
    ("GET", "/tim/tugas/<int:assignment_id>/batal"): (302, 403, 403, 200, 403, 404),
    ("POST", "/tim/tugas/<int:assignment_id>/batas-waktu"): (302, 403, 403, None, 403, 404),
    ("GET", "/verify/<code>"): (200, 200, 200, 200, 200, 200),
}

# Where a redirect for a signed-in user is the page's answer, not a refusal.
PUBLIC_REDIRECTS = {"/", "/login", "/bahasa"}


def _rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint != "static"]


def _key(rule) -> tuple[str, str]:
    return ("GET" if "GET" in rule.methods else "POST", rule.rule)


def test_every_route_is_listed(app):
    listed = set(ACCESS)
    present = {_key(rule) for rule in _rules(app)}
    assert present - listed == set(), "routes missing from ACCESS"
    assert listed - present == set(), "ACCESS lists routes that no longer exist"


@pytest.fixture
def clients(app):
    world = make_world()
    clients = {"anonymous": app.test_client()}
    for role in ROLES[1:]:
        clients[role] = app.test_client()
        login(clients[role], world.users[role])
    return world, clients


def test_each_role_gets_the_listed_outcome(app, clients):
    world, by_role = clients
    wrong = []
    for rule in _rules(app):
        method, template = _key(rule)
        path = world.path(rule)
        for role, expected in zip(ROLES, ACCESS[(method, template)], strict=True):
            if expected is None:
                continue
            client = by_role[role]
            response = client.get(path) if method == "GET" else client.post(path)
            if response.status_code != expected:
                wrong.append(f"{role} {method} {path}: {response.status_code}, not {expected}")
            elif (
                role == "anonymous"
                and expected == 302
                and template not in PUBLIC_REDIRECTS
                and not response.headers["Location"].startswith("/login?next=")
            ):
                wrong.append(f"anonymous {method} {path}: not sent to the login page")
    assert wrong == []


def test_another_teams_supervisor_changes_nothing(app, clients):
    world, by_role = clients
    assignment_id = world.values["assignment_id"]
    client = by_role["other_supervisor"]
    assert client.post(f"/tim/tugas/{assignment_id}/batal").status_code == 404
    changed = client.post(
        f"/tim/tugas/{assignment_id}/batas-waktu", data={"due_date": "2030-01-01"}
    )
    assert changed.status_code == 404
    assignment = db.session.scalar(select(Assignment))
    assert assignment.cancelled_at is None and assignment.due_date.year != 2030


# Numbers no column holds (PostgreSQL integer ends at 2**31 - 1, SQLite and bigint at 2**63 - 1),
# and years a date cannot hold.
OUT_OF_RANGE = ("99999999999999999999999", str(2**31), str(2**63), "9999", "0000", "-1")
# Every number a page or form reads from the query string or the body.
NUMBER_PARAMS = (
    "page",
    "period",
    "pegawai",
    "versi",
    "unit",
    "unit_id",
    "parent_id",
    "position",
    "user_ids",
    "module_ids",
    "jp",
    "minutes",
    "max_attempts",
    "pass_mark",
    "pretest_questions",
    "posttest_questions",
    "grade",
    "waiting_minutes",
    "ikm",
    "relevance",
    "start_month",
    "month",
)
LONG = "x" * 20_000
TEXT_ARGS = ("slug", "key", "kind", "code", "name")


def _allowed_role(method: str, template: str) -> str:
    """The first role the route serves (a probe must get past the role check)."""
    outcomes = ACCESS[(method, template)]
    wanted = None if method == "POST" else 200
    found = [role for role, outcome in zip(ROLES, outcomes, strict=True) if outcome == wanted]
    return (found or ["anonymous"])[0]


def _probe_targets(app, world):
    for rule in _rules(app):
        method, template = _key(rule)
        if template in {"/logout", "/bahasa"}:
            continue  # they would end or change the probing session; they read no numbers
        role = _allowed_role(method, template)
        yield rule, method, world.path(rule), role
        if method == "GET" and "POST" in rule.methods:  # a form page: post to it as well
            yield rule, "POST", world.path(rule), role


def _build(rule, values: dict) -> str:
    return rule.build({name: values[name] for name in rule.arguments})[1]


def _send(client, method: str, path: str, params: dict, **kwargs) -> int:
    """The status; an exception (TESTING propagates them) counts as the 500 users would see."""
    try:
        if method == "GET":
            return client.get(path, query_string=params, **kwargs).status_code
        return client.post(path, data=params, **kwargs).status_code
    except Exception:  # noqa: BLE001  any exception is the finding
        db.session.rollback()
        return 500


def test_out_of_range_numbers_never_give_a_5xx(app, clients):
    """Ids in the address, and numbers in the query string or form, beyond what a column holds."""
    world, by_role = clients
    failures = []
    for rule, method, path, role in _probe_targets(app, world):
        client = by_role[role]
        numbers = [name for name in rule.arguments if name in world.values and "id" in name]
        for value in OUT_OF_RANGE[:3]:
            if numbers or "position" in rule.arguments:
                names = {n: int(value) for n in [*numbers, "position"] if n in rule.arguments}
                probe = _build(rule, {**world.values, **names})
                status = _send(client, method, probe, {})
                if status not in {400, 404, 405}:
                    failures.append(f"{role} {method} {probe}: {status}")
        for value in OUT_OF_RANGE:
            status = _send(client, method, path, dict.fromkeys(NUMBER_PARAMS, value))
            if status >= 500:
                failures.append(f"{role} {method} {path} every number={value}: {status}")
    assert failures == [], "\n".join(failures)


def test_nul_and_control_characters_in_headers_never_give_a_5xx(app, clients):
    world, by_role = clients
    failures = []
    for _rule, method, path, role in _probe_targets(app, world):
        for header, value in (("User-Agent", "a\x00b"), ("X-Anything", "a\x1bb")):
            status = _send(by_role[role], method, path, {}, headers={header: value})
            if status != 400:
                failures.append(f"{role} {method} {path} {header}: {status}")
    assert failures == [], "\n".join(failures)


def test_over_long_values_never_give_a_5xx(app, clients):
    """20,000 characters in every text segment of the address, every parameter and field."""
    world, by_role = clients
    failures = []
    for rule, method, path, role in _probe_targets(app, world):
        client = by_role[role]
        texts = {name: LONG for name in TEXT_ARGS if name in rule.arguments}
        if texts:
            probe = _build(rule, {**world.values, **texts})
            status = _send(client, method, probe, {})
            if status >= 500:
                failures.append(f"{role} {method} <long segment> {rule.rule}: {status}")
        names = (*NUMBER_PARAMS, "q", "format", "status", "sort", "tabel", "tes", "next")
        status = _send(client, method, path, dict.fromkeys(names, LONG))
        if status >= 500:
            failures.append(f"{role} {method} {path} every parameter=<long>: {status}")
    assert failures == [], "\n".join(failures)
