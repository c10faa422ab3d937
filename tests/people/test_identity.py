from datetime import date

import pytest

from lms.people.identity import grade_label, is_pppk, nip_problem, normalise_grade

TODAY = date(2026, 11, 28)

SHAPE = "NIP harus terdiri dari 18 angka."
BIRTH = "Digit 1–8 NIP bukan tanggal lahir yang valid (TTTTBBHH)."
CPNS_MONTH = "Digit 13–14 NIP (bulan pengangkatan CPNS) harus 01–12."
CPNS_FUTURE = "Digit 9–14 NIP (pengangkatan CPNS) tidak boleh di masa depan."
CPNS_EARLY = "Tahun pengangkatan CPNS (digit 9–12) terlalu dekat dengan tahun lahir (digit 1–4)."
GENDER = "Digit ke-15 NIP (jenis kelamin) harus 1 atau 2."
SERIAL = "Digit 16–18 NIP (nomor urut) tidak boleh 000."


@pytest.mark.parametrize(
    ("nip", "pppk"),
    [
        pytest.param("198609262015051001", False, id="pns-male"),
        pytest.param("198609262015052001", False, id="pns-female"),
        pytest.param("19860926 201505 1 001", False, id="pns-with-spaces"),
        pytest.param("200002292019031999", False, id="leap-day-birth"),
        pytest.param("198609262026111001", False, id="cpns-this-month"),
        pytest.param("198609262003051001", False, id="cpns-at-birth-plus-17"),
        pytest.param("198503152021211001", True, id="pppk-relaxed-middle"),
        pytest.param("198503152023992002", True, id="pppk-any-middle"),
        pytest.param("198609262015051001", True, id="pppk-with-pns-shape"),
    ],
)
def test_valid_nip(nip, pppk):
    assert nip_problem(nip, pppk=pppk, today=TODAY) is None


@pytest.mark.parametrize(
    ("nip", "pppk", "message"),
    [
        pytest.param("", False, SHAPE, id="empty"),
        pytest.param("19860926201505100", False, SHAPE, id="17-digits"),
        pytest.param("1986092620150510011", False, SHAPE, id="19-digits"),
        pytest.param("19860926201505100A", False, SHAPE, id="letter"),
        pytest.param("1986-09-26-2015051001", False, SHAPE, id="dashes"),
        pytest.param("١٩٨٦٠٩٢٦٢٠١٥٠٥١٠٠١", False, SHAPE, id="non-ascii-digits"),
        pytest.param("12345", True, SHAPE, id="pppk-short"),
        pytest.param("198602302015051001", False, BIRTH, id="birth-feb-30"),
        pytest.param("198613012015051001", False, BIRTH, id="birth-month-13"),
        pytest.param("198609002015051001", False, BIRTH, id="birth-day-00"),
        pytest.param("192012312015051001", False, BIRTH, id="birth-before-1930"),
        pytest.param("202701012045051001", False, BIRTH, id="birth-in-future"),
        pytest.param("198602302021211001", True, BIRTH, id="pppk-bad-birth"),
        pytest.param("198609262015001001", False, CPNS_MONTH, id="cpns-month-00"),
        pytest.param("198609262015131001", False, CPNS_MONTH, id="cpns-month-13"),
        pytest.param("198503152021211001", False, CPNS_MONTH, id="pppk-middle-as-pns"),
        pytest.param("198609262026121001", False, CPNS_FUTURE, id="cpns-next-month"),
        pytest.param("198609262031011001", False, CPNS_FUTURE, id="cpns-future-year"),
        pytest.param("198609262002121001", False, CPNS_EARLY, id="cpns-before-birth-plus-17"),
        pytest.param("198609261980011001", False, CPNS_EARLY, id="cpns-before-birth"),
        pytest.param("198609262015053001", False, GENDER, id="gender-3"),
        pytest.param("198609262015050001", False, GENDER, id="gender-0"),
        pytest.param("198503152021213001", True, GENDER, id="pppk-gender-3"),
        pytest.param("198609262015051000", False, SERIAL, id="serial-000"),
        pytest.param("198503152021211000", True, SERIAL, id="pppk-serial-000"),
    ],
)
def test_invalid_nip_names_the_problem(nip, pppk, message):
    assert nip_problem(nip, pppk=pppk, today=TODAY) == message


def test_nip_check_defaults_to_today(app):  # the configured zone's today
    assert nip_problem("198609262015051001") is None
    assert nip_problem("198609262099011001") == CPNS_FUTURE


@pytest.mark.parametrize(
    ("raw", "grade"),
    [
        ("III/a", "III/a"),
        ("iii/a", "III/a"),
        (" IV / e ", "IV/e"),
        ("IX", "IX"),
        ("xvii", "XVII"),
        ("V/a", None),
        ("IV/f", None),
        ("XVIII", None),
        ("", None),
    ],
)
def test_normalise_grade(raw, grade):
    assert normalise_grade(raw) == grade


def test_grade_labels_and_pppk():
    assert grade_label("III/a") == "Penata Muda (III/a)"
    assert grade_label("IV/a") == "Pembina (IV/a)"
    assert grade_label("IX") == "PPPK Golongan IX"
    assert is_pppk("IX") and not is_pppk("III/a")
