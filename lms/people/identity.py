"""NIP and golongan rules for ASN (PNS and PPPK)."""

import re
from datetime import date

from flask_babel import lazy_gettext as _l

from lms import clock
from lms.nip import normalise_nip

PNS_GRADES = {
    "I/a": "Juru Muda",
    "I/b": "Juru Muda Tingkat I",
    "I/c": "Juru",
    "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda",
    "II/b": "Pengatur Muda Tingkat I",
    "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda",
    "III/b": "Penata Muda Tingkat I",
    "III/c": "Penata",
    "III/d": "Penata Tingkat I",
    "IV/a": "Pembina",
    "IV/b": "Pembina Tingkat I",
    "IV/c": "Pembina Utama Muda",
    "IV/d": "Pembina Utama Madya",
    "IV/e": "Pembina Utama",
}
PPPK_GRADES = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
]  # fmt: skip
ALL_GRADES = [*PNS_GRADES, *PPPK_GRADES]
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalise_grade(raw: str) -> str | None:
    """Return the canonical golongan ('III/a', 'IX') or None if it is not one."""
    value = re.sub(r"\s+", "", raw or "")
    for grade in ALL_GRADES:
        if value.lower() == grade.lower():
            return grade
    return None


def is_pppk(grade: str) -> bool:
    return grade in PPPK_GRADES


def grade_label(grade: str) -> str:
    """'Penata Muda (III/a)' for PNS, 'PPPK Golongan IX' for PPPK."""
    if grade in PNS_GRADES:
        return f"{PNS_GRADES[grade]} ({grade})"
    if grade in PPPK_GRADES:
        return f"PPPK Golongan {grade}"
    return grade


def nip_problem(nip: str, *, pppk: bool = False, today: date | None = None) -> str | None:
    """Say what is wrong with a NIP, or None when it is valid.

    A PNS NIP is birth date YYYYMMDD + CPNS start YYYYMM + gender digit + 3-digit serial.
    PPPK numbers may differ in the middle part (digits 9–14), so for them it is not checked.
    """
    today = today or clock.today()
    nip = normalise_nip(nip)
    if not re.fullmatch(r"[0-9]{18}", nip):
        return str(_l("NIP harus terdiri dari 18 angka."))
    try:
        birth = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        birth = None
    if birth is None or birth.year < 1930 or birth >= today:
        return str(_l("Digit 1–8 NIP bukan tanggal lahir yang valid (TTTTBBHH)."))
    if not pppk:
        problem = _cpns_start_problem(int(nip[8:12]), int(nip[12:14]), birth, today)
        if problem:
            return problem
    if nip[14] not in "12":
        return str(_l("Digit ke-15 NIP (jenis kelamin) harus 1 atau 2."))
    if nip[15:] == "000":
        return str(_l("Digit 16–18 NIP (nomor urut) tidak boleh 000."))
    return None


def _cpns_start_problem(year: int, month: int, birth: date, today: date) -> str | None:
    if not 1 <= month <= 12:
        return str(_l("Digit 13–14 NIP (bulan pengangkatan CPNS) harus 01–12."))
    if (year, month) > (today.year, today.month):
        return str(_l("Digit 9–14 NIP (pengangkatan CPNS) tidak boleh di masa depan."))
    if year < birth.year + 17:
        return str(
            _l("Tahun pengangkatan CPNS (digit 9–12) terlalu dekat dengan tahun lahir (digit 1–4).")
        )
    return None
