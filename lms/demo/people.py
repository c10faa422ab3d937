"""Demo people: a believable Jambi province with a three-level reporting line."""

import random
import re

from sqlalchemy import select

from lms.extensions import db
from lms.people.models import RoleGrant, User
from lms.people.services import hash_password, unit_by_path

DEMO_PASSWORD = "bina-demo"
ADMIN_NIP = "197001011990031001"
TRAINER_NIP = "198002022005012002"
SUPERVISOR_NIP = "197503032000031003"
LEARNER_NIP = "199004042015032004"

# (OPD, [bidang, ...]); the first OPD's first bidang holds the demo supervisor and learner.
OPDS = [
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", ["Bidang Pelayanan Perizinan"]),
    ("Badan Kepegawaian Daerah", ["Bidang Pengembangan Kompetensi"]),
    ("BPSDM Provinsi Jambi", ["Bidang Pengembangan Kompetensi Teknis"]),
    ("Badan Perencanaan Pembangunan Daerah", ["Bidang Perencanaan Ekonomi"]),
    ("Dinas Komunikasi dan Informatika", ["Bidang Aplikasi Informatika", "Bidang Persandian"]),
    ("Dinas Kesehatan", ["Bidang Pelayanan Kesehatan"]),
    ("Badan Pengelola Pajak dan Retribusi Daerah", ["Bidang Pelayanan Samsat"]),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", ["Bidang Bina Marga"]),
    ("Dinas Pendidikan", ["Bidang Pembinaan SMA"]),
    ("RSUD Raden Mattaher", ["Bidang Pelayanan Medik"]),
]
FIRST = [
    "Ahmad", "Siti", "Rahmat", "Nurhayati", "Hendra", "Dewi", "Fajar", "Rina", "Yusuf", "Lestari",
    "Agus", "Wulan", "Rizky", "Maya", "Budi", "Fitri", "Irfan", "Sari", "Dedi", "Nadia",
]  # fmt: skip
LAST = [
    "Saputra", "Rahmawati", "Hidayat", "Putri", "Syahputra", "Lubis", "Harahap", "Nasution",
    "Siregar", "Pratama", "Kurniawan", "Yanti", "Fauzi", "Anggraini", "Ramadhan", "Wijaya",
]  # fmt: skip
STAFF_POSITIONS = [
    "Analis Kebijakan Ahli Muda", "Pranata Komputer Ahli Pertama", "Pengadministrasi Perkantoran",
    "Analis Sumber Daya Manusia Aparatur", "Penata Layanan Operasional", "Arsiparis Ahli Pertama",
]  # fmt: skip


def _nip(rng: random.Random, serial: int) -> str:
    birth_year = rng.randint(1968, 1996)
    start_year = birth_year + rng.randint(22, 27)
    return (
        f"{birth_year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        f"{min(start_year, 2024)}{rng.randint(1, 12):02d}{rng.choice('12')}{serial:03d}"
    )


def _email_name(name: str) -> str:
    """'Dr. Nurul Aini, M.Pd.' -> 'nurul'."""
    words = [w for w in name.split(",")[0].split() if not w.endswith(".")]
    return re.sub(r"[^a-z]", "", (words or ["pegawai"])[0].lower())


def load(password_method: str) -> bool:
    """Create the demo people unless they exist; return whether anything was created."""
    if db.session.scalar(select(User.id).where(User.nip == ADMIN_NIP)):
        return False
    rng = random.Random(2026)
    password_hash = hash_password(DEMO_PASSWORD, password_method)
    serial = 100

    def person(nip: str | None, name: str, position: str, grade: str, unit, boss=None) -> User:
        nonlocal serial
        serial += 1
        user = User(
            nip=nip or _nip(rng, serial),
            name=name,
            email=f"{_email_name(name)}{serial}@jambiprov.go.id",
            position=position,
            grade=grade,
            unit=unit,
            supervisor=boss,
            password_hash=password_hash,
            active=True,
        )
        db.session.add(user)
        return user

    def random_name() -> str:
        return f"{rng.choice(FIRST)} {rng.choice(LAST)}"

    for index, (opd, bidangs) in enumerate(OPDS):
        head = person(
            None,
            random_name(),
            f"Direktur {opd}" if opd.startswith("RSUD") else f"Kepala {opd}",
            "IV/c",
            unit_by_path(opd, create=True),
        )
        for b_index, bidang in enumerate(bidangs):
            unit = unit_by_path(f"{opd} > {bidang}", create=True)
            first = index == 0 and b_index == 0
            kabid = person(
                SUPERVISOR_NIP if first else None,
                "Hendra Gunawan, S.E., M.M." if first else random_name(),
                f"Kepala {bidang}",
                "IV/a",
                unit,
                head,
            )
            staff_count = 7 if first else rng.randint(3, 4)
            for s_index in range(staff_count):
                learner = first and s_index == 0
                person(
                    LEARNER_NIP if learner else None,
                    "Rahmawati Putri, S.Kom." if learner else random_name(),
                    "Pranata Komputer Ahli Pertama" if learner else rng.choice(STAFF_POSITIONS),
                    "III/a" if learner else rng.choice(["II/c", "III/a", "III/b", "III/c", "IX"]),
                    unit,
                    kabid,
                )
    bkd = unit_by_path("Badan Kepegawaian Daerah > Bidang Pengembangan Kompetensi", create=True)
    admin = person(
        ADMIN_NIP, "Syahrial Effendi, S.Sos.", "Analis SDM Aparatur Ahli Madya", "IV/a", bkd
    )
    bpsdm = unit_by_path(
        "BPSDM Provinsi Jambi > Bidang Pengembangan Kompetensi Teknis", create=True
    )
    trainer = person(TRAINER_NIP, "Dr. Nurul Aini, M.Pd.", "Widyaiswara Ahli Madya", "IV/b", bpsdm)
    second_trainer = person(
        None, "Fauzan Akbar, S.T., M.T.", "Widyaiswara Ahli Muda", "III/d", bpsdm
    )
    db.session.add_all(
        [
            RoleGrant(user=admin, role="admin"),
            RoleGrant(user=trainer, role="trainer"),
            RoleGrant(user=second_trainer, role="trainer"),
        ]
    )
    db.session.flush()
    return True
