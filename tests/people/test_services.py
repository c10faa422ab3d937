import re

import pytest
from sqlalchemy import func, select

from lms.errors import DomainError
from lms.extensions import db
from lms.people import services
from lms.people.models import Unit, User

from ..factories import make_unit, make_user, valid_nip


@pytest.fixture
def org(app):
    """head -> (kabid_a -> staff_a1 -> intern, staff_a2), (kabid_b -> staff_b1)."""
    head = make_user("Kepala Dinas")
    kabid_a = make_user("Kabid A", supervisor=head)
    kabid_b = make_user("Kabid B", supervisor=head)
    staff_a1 = make_user("Staf A1", supervisor=kabid_a)
    staff_a2 = make_user("Staf A2", supervisor=kabid_a)
    staff_b1 = make_user("Staf B1", supervisor=kabid_b)
    intern = make_user("Staf A1 junior", supervisor=staff_a1)
    outsider = make_user("Pegawai lain OPD")
    return {
        name: user.id
        for name, user in {
            "head": head,
            "kabid_a": kabid_a,
            "kabid_b": kabid_b,
            "staff_a1": staff_a1,
            "staff_a2": staff_a2,
            "staff_b1": staff_b1,
            "intern": intern,
            "outsider": outsider,
        }.items()
    }


def _subtree(org, name):
    ids = set(db.session.scalars(services.subtree_ids(org[name])))
    return {key for key, value in org.items() if value in ids}


def test_subtree_is_direct_and_indirect_reports(org):
    assert _subtree(org, "kabid_a") == {"staff_a1", "staff_a2", "intern"}
    assert _subtree(org, "head") == {
        "kabid_a",
        "kabid_b",
        "staff_a1",
        "staff_a2",
        "staff_b1",
        "intern",
    }
    assert _subtree(org, "intern") == set()


def test_subtree_query_composes_as_a_filter(org):
    names = db.session.scalars(
        select(User.name).where(User.id.in_(services.subtree_ids(org["kabid_b"])))
    ).all()
    assert names == ["Staf B1"]


IN_SUBTREE = [
    ("kabid_a", "staff_a1", True),
    ("kabid_a", "intern", True),
    ("head", "intern", True),
    ("kabid_a", "staff_b1", False),
    ("kabid_a", "kabid_b", False),
    ("kabid_a", "kabid_a", False),
    ("kabid_a", "head", False),
    ("kabid_a", "outsider", False),
    ("staff_a2", "staff_a1", False),
]


def test_in_subtree(org):
    for supervisor, person, inside in IN_SUBTREE:
        assert services.in_subtree(org[supervisor], org[person]) is inside, (supervisor, person)


def test_roles_follow_grants_and_reports(app):
    boss = make_user("Atasan", roles=("trainer",))
    report = make_user("Bawahan", supervisor=boss)
    admin = make_user("Admin", roles=("admin",))
    assert services.roles_of(boss) == {"learner", "trainer", "supervisor"}
    assert services.roles_of(report) == {"learner"}
    assert services.roles_of(admin) == {"learner", "admin"}


def test_set_granted_roles_keeps_only_grantable_roles(app):
    user = make_user()
    services.set_granted_roles(user, {"admin", "supervisor", "learner", "trainer"})
    db.session.commit()
    assert user.granted_roles == {"admin", "trainer"}
    services.set_granted_roles(user, {"trainer"})
    db.session.commit()
    assert user.granted_roles == {"trainer"}


# Units


def test_units_create_rename_and_nest(app):
    dinas = services.save_unit(Unit(), "Dinas Kesehatan", None)
    bidang = services.save_unit(Unit(), "Bidang P2P", dinas.id)
    seksi = services.save_unit(Unit(), "Seksi Surveilans", bidang.id)
    db.session.commit()
    assert seksi.path == "Dinas Kesehatan > Bidang P2P > Seksi Surveilans"
    services.save_unit(bidang, "Bidang Pencegahan Penyakit", dinas.id)
    db.session.commit()
    assert seksi.path == "Dinas Kesehatan > Bidang Pencegahan Penyakit > Seksi Surveilans"
    services.save_unit(seksi, "Seksi Surveilans", dinas.id)
    db.session.commit()
    assert seksi.path == "Dinas Kesehatan > Seksi Surveilans"
    assert [c.name for c in dinas.children] == ["Bidang Pencegahan Penyakit", "Seksi Surveilans"]


@pytest.mark.parametrize("target", ["self", "child", "grandchild"])
def test_unit_cannot_move_under_itself(app, target):
    dinas = make_unit("Dinas")
    bidang = make_unit("Bidang", dinas)
    seksi = make_unit("Seksi", bidang)
    parent = {"self": dinas, "child": bidang, "grandchild": seksi}[target]
    with pytest.raises(DomainError, match="di bawah dirinya sendiri") as caught:
        services.save_unit(dinas, "Dinas", parent.id)
    assert caught.value.field == "parent_id"


def test_unit_name_must_be_unique_under_one_parent(app):
    dinkes = make_unit("Dinas Kesehatan")
    diskominfo = make_unit("Dinas Komunikasi dan Informatika")
    make_unit("Sekretariat", dinkes)
    with pytest.raises(DomainError, match="Sudah ada unit"):
        services.save_unit(Unit(), "Sekretariat", dinkes.id)
    with pytest.raises(DomainError, match="Sudah ada unit"):
        services.save_unit(Unit(), "Dinas Kesehatan", None)
    with pytest.raises(DomainError, match="Sudah ada unit"):
        services.save_unit(diskominfo, "Dinas Kesehatan", None)
    services.save_unit(Unit(), "Sekretariat", diskominfo.id)
    services.save_unit(dinkes, "Dinas Kesehatan", None)  # saving unchanged is fine
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Unit)) == 4


def test_unit_name_cannot_hold_the_path_separator(app):
    with pytest.raises(DomainError, match=">"):
        services.save_unit(Unit(), "Dinas > Bidang", None)


def test_unit_by_path_finds_or_creates(app):
    assert services.unit_by_path("Dinas Sosial > Bidang Rehabilitasi", create=False) is None
    unit = services.unit_by_path(" Dinas Sosial >Bidang Rehabilitasi ", create=True)
    assert unit.path == "Dinas Sosial > Bidang Rehabilitasi"
    assert services.unit_by_path("Dinas Sosial > Bidang Rehabilitasi", create=False) is unit
    assert db.session.scalar(select(func.count()).select_from(Unit)) == 2


def test_unit_tree_and_headcount(app):
    dinkes = make_unit("Dinas Kesehatan")
    bidang_b = make_unit("Bidang P2P", dinkes)
    bidang_a = make_unit("Bidang Kesehatan Masyarakat", dinkes)
    seksi = make_unit("Seksi Surveilans", bidang_b)
    bkd = make_unit("Badan Kepegawaian Daerah")
    make_user(unit=bidang_b)
    make_user(unit=bidang_b)
    make_user(unit=bidang_b, active=False)
    make_user(unit=bkd)
    tree = services.unit_tree()
    assert tree == [
        (bkd, []),
        (dinkes, [(bidang_a, []), (bidang_b, [(seksi, [])])]),
    ]
    assert services.headcount_by_unit() == {bidang_b.id: 2, bkd.id: 1}


# Accounts


def _values(**changes) -> dict:
    values = {
        "nip": valid_nip(),
        "name": "Siti Rahmawati",
        "email": "",
        "position": "Analis Kebijakan",
        "grade": "III/b",
        "unit_id": None,
        "active": True,
    }
    values.update(changes)
    return values


def test_create_user_needs_a_password_change_and_gets_roles(app):
    user = services.save_user(User(active=True), _values(), None, {"trainer"})
    db.session.commit()
    assert user.must_change_password and user.password_hash is None
    assert user.granted_roles == {"trainer"}
    assert user.email is None


def test_create_pppk_user_with_relaxed_nip(app):
    user = services.save_user(
        User(active=True), _values(nip="198503152021211001", grade="IX"), None, set()
    )
    assert user.id
    with pytest.raises(DomainError, match="Digit 13–14"):
        services.save_user(User(active=True), _values(nip="198503152021211002"), None, set())


def test_duplicate_nip_is_refused(app):
    existing = make_user()
    with pytest.raises(DomainError, match="sudah dipakai") as caught:
        services.save_user(User(active=True), _values(nip=existing.nip), None, set())
    assert caught.value.field == "nip"


def test_unknown_supervisor_is_refused(app):
    with pytest.raises(DomainError, match="NIP atasan tidak ditemukan") as caught:
        services.save_user(User(active=True), _values(), valid_nip(), set())
    assert caught.value.field == "supervisor_nip"


@pytest.mark.parametrize("depth", [0, 1, 3])
def test_supervisor_cycle_is_refused(app, depth):
    top = make_user("Puncak")
    chain = [top]
    for level in range(depth):
        chain.append(make_user(f"Level {level}", supervisor=chain[-1]))
    bottom = chain[-1]
    values = _values(nip=top.nip, name=top.name)
    with pytest.raises(DomainError, match="siklus"):
        services.save_user(top, values, bottom.nip, set())


def test_deactivate_keeps_the_record_and_ends_sessions(app):
    user = make_user()
    version = user.session_version
    services.save_user(user, _values(nip=user.nip, active=False), None, set())
    db.session.commit()
    db.session.expire_all()
    kept = db.session.get(User, user.id)
    assert kept is not None and not kept.active
    assert kept.session_version == version + 1


def test_admin_cannot_lock_themselves_out(app):
    admin = make_user("Admin", roles=("admin",))
    with pytest.raises(DomainError, match="sendiri"):
        services.save_user(
            admin, _values(nip=admin.nip, active=False), None, {"admin"}, actor_id=admin.id
        )
    with pytest.raises(DomainError, match="sendiri"):
        services.save_user(admin, _values(nip=admin.nip), None, set(), actor_id=admin.id)
    services.save_user(
        admin, _values(nip=admin.nip, name="Admin Baru"), None, {"admin"}, actor_id=admin.id
    )
    assert admin.name == "Admin Baru"


def test_temporary_password_forces_a_change_and_ends_sessions(app):
    user = make_user()
    version = user.session_version
    password, password_hash = services.new_temporary_password("scrypt:1024:8:1")
    services.issue_temporary_password(user, password_hash)
    assert len(password) >= 12
    # Typed from paper: lower case and digits in groups, without look-alikes.
    assert re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}", password)
    assert not set(password) & set("01ilo")
    assert services.verify_password(user, password)
    assert user.must_change_password
    assert user.session_version == version + 1


def test_users_page_query_searches_nip_and_name(app):
    dinkes = make_unit("Dinas Kesehatan")
    siti = make_user("Siti Nurhaliza", unit=dinkes)
    make_user("Budi 100% Santoso")
    make_user("Agus")

    def names(search="", unit_id=None):
        return db.session.scalars(services.users_page_query(search, unit_id)).all()

    assert [u.name for u in names("siti")] == ["Siti Nurhaliza"]
    assert [u.name for u in names(siti.nip[:10])] == ["Siti Nurhaliza"]
    assert [u.name for u in names("100%")] == ["Budi 100% Santoso"]
    assert names("_") == []
    assert [u.name for u in names(unit_id=dinkes.id)] == ["Siti Nurhaliza"]
    assert [u.name for u in names()] == ["Agus", "Budi 100% Santoso", "Siti Nurhaliza"]
