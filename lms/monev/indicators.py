"""Recording level-4 indicators: a unit's survey (SKM) and waiting time for a month.

PermenPANRB No. 14 Tahun 2017: the survey is entered as the mean score (1-4) of each of its
nine elements and the number of respondents; IKM = mean of the nine × 25 (25-100), graded A-D
by the regulation's intervals. Waiting time comes with the number of services it was measured
on, so that months can be weighted.
"""

import math
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError

from lms.errors import DomainError
from lms.extensions import db
from lms.people.models import Unit

from .models import ELEMENT_MAX, ELEMENT_MIN, ELEMENTS, ServiceIndicator
from .periods import month_start

NOTE_MAX = 500
ELEMENT_LABELS = (
    _l("U1 Persyaratan"),
    _l("U2 Sistem, mekanisme, dan prosedur"),
    _l("U3 Waktu penyelesaian"),
    _l("U4 Biaya/tarif"),
    _l("U5 Produk spesifikasi jenis pelayanan"),
    _l("U6 Kompetensi pelaksana"),
    _l("U7 Perilaku pelaksana"),
    _l("U8 Penanganan pengaduan, saran, dan masukan"),
    _l("U9 Sarana dan prasarana"),
)
# PermenPANRB 14/2017: IKM conversion intervals, on the value rounded to two decimals.
IKM_GRADES = (
    (88.31, "A", _l("Sangat Baik")),
    (76.61, "B", _l("Baik")),
    (65.00, "C", _l("Kurang Baik")),
    (25.00, "D", _l("Tidak Baik")),
)


def ikm_grade(ikm: float | None) -> tuple[str, str] | None:
    """('A', 'Sangat Baik') for an IKM of 90; None when there is no value."""
    if ikm is None:
        return None
    value = round(ikm, 2)
    for lower, letter, label in IKM_GRADES:
        if value >= lower:
            return letter, str(label)
    return IKM_GRADES[-1][1], str(IKM_GRADES[-1][2])  # legacy values below 25


def ikm_from_elements(scores: list[float]) -> float:
    """IKM = the mean of the nine element scores × 25."""
    return sum(scores) / len(scores) * 25


class IndicatorRefused(DomainError):
    """One or more values cannot be stored; `errors` holds (field, message) for each."""

    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__(" ".join(message for _field, message in errors), errors[0][0])
        self.errors = errors

    def show_on(self, form, default_field: str) -> None:
        for field, message in self.errors:
            form[field if field in form else default_field].errors.append(message)


def _not_finite(value: float | None) -> bool:
    return value is not None and not math.isfinite(value)


def _count_problem(value: float | None, missing) -> str | None:
    """A count (respondents, services measured) must be a whole number of at least 1."""
    if value is None:
        return str(missing)
    if _not_finite(value) or value < 1 or value != int(value):
        return str(_l("Isi bilangan bulat 1 atau lebih."))
    return None


def _waiting_errors(waiting: float | None, waiting_n: float | None) -> list[tuple[str, str]]:
    if waiting is None and waiting_n is None:
        return []
    if waiting is None:
        return [("waiting_minutes", str(_l("Isi waktu tunggu untuk jumlah layanan ini.")))]
    errors = []
    if _not_finite(waiting):
        errors.append(("waiting_minutes", str(_l("Nilai harus berupa angka."))))
    elif waiting < 0:
        errors.append(("waiting_minutes", str(_l("Waktu tunggu tidak boleh negatif."))))
    problem = _count_problem(waiting_n, _l("Isi jumlah layanan yang diukur waktu tunggunya."))
    return errors + ([("waiting_n", problem)] if problem else [])


def _survey_errors(scores: list[float | None], respondents: float | None) -> list:
    if respondents is None and all(score is None for score in scores):
        return []
    errors = []
    for name, score in zip(ELEMENTS, scores, strict=True):
        if score is None:
            errors.append((name, str(_l("Isi nilai rata-rata unsur ini (1–4)."))))
        elif _not_finite(score) or not ELEMENT_MIN <= score <= ELEMENT_MAX:
            errors.append((name, str(_l("Nilai unsur harus antara 1 dan 4."))))
    problem = _count_problem(respondents, _l("Isi jumlah responden survei."))
    return errors + ([("respondents", problem)] if problem else [])


def _check(unit_id, month, waiting, waiting_n, scores, respondents, today, legacy: bool) -> None:
    """Refuse what cannot be true, with a message on every field that is wrong."""
    errors = []
    if unit_id is None or db.session.get(Unit, unit_id) is None:
        errors.append(("unit_id", str(_l("Pilih unit kerja"))))
    if month is None:
        errors.append(("month", str(_l("Masukkan bulan"))))
    elif month_start(month) > month_start(today):
        errors.append(("month", str(_l("Bulan tidak boleh di masa depan."))))
    empty = waiting is None and waiting_n is None and respondents is None
    if empty and all(score is None for score in scores) and not legacy:
        message = _l("Isi waktu tunggu, hasil survei (sembilan unsur), atau keduanya.")
        errors.append(("waiting_minutes", str(message)))
    errors += _waiting_errors(waiting, waiting_n) + _survey_errors(scores, respondents)
    if errors:
        raise IndicatorRefused(errors)


def save_indicator(
    indicator: ServiceIndicator,
    *,
    unit_id: int | None,
    month: date | None,
    waiting_minutes: float | None,
    waiting_n: float | None,
    elements: list[float | None],
    respondents: float | None,
    note: str,
    recorded_by_id: int,
    today: date,
    now: datetime,
) -> ServiceIndicator:
    """Create or edit a unit's figures for a month; nothing is stored when a value is refused.

    Editing a legacy row without entering a survey keeps its old IKM.
    """
    legacy = indicator.legacy_ikm and respondents is None and all(e is None for e in elements)
    _check(unit_id, month, waiting_minutes, waiting_n, elements, respondents, today, legacy)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise DomainError(_l("Catatan paling banyak %(n)s karakter.", n=NOTE_MAX), "note")
    survey = respondents is not None
    values = {
        "unit_id": unit_id,
        "month": month_start(month),
        "waiting_minutes": waiting_minutes,
        "waiting_n": None if waiting_n is None else int(waiting_n),
        "respondents": int(respondents) if survey else None,
        **dict(zip(ELEMENTS, elements, strict=True)),
        "ikm": ikm_from_elements(elements) if survey else (indicator.ikm if legacy else None),
        "note": note,
        "recorded_by_id": recorded_by_id,
        "recorded_at": now,
    }
    try:
        with db.session.begin_nested():
            for key, value in values.items():
                setattr(indicator, key, value)
            db.session.add(indicator)
    except IntegrityError:
        raise DomainError(
            _l("Data unit ini untuk bulan tersebut sudah ada. Ubah data yang sudah ada."), "month"
        ) from None
    return indicator


def indicators_query(unit_id: int | None = None) -> Select:
    """Recorded indicators, latest month first."""
    query = select(ServiceIndicator).order_by(
        ServiceIndicator.month.desc(), ServiceIndicator.unit_id
    )
    if unit_id is not None:
        query = query.where(ServiceIndicator.unit_id == unit_id)
    return query
