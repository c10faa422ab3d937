"""Demo service indicators (level 4): two years for the province's front-line units, so that
the report's months can stand beside the same months a year earlier.

Each month has a waiting time with the number of services measured; a survey (nine elements
scored 1-4, PermenPANRB No. 14 Tahun 2017, with its respondents) runs monthly or quarterly.
"""

import random
from datetime import datetime

from sqlalchemy import select

from lms import clock
from lms.extensions import db
from lms.monev.indicators import ikm_from_elements
from lms.monev.models import ELEMENTS, ServiceIndicator
from lms.monev.periods import add_months, month_start
from lms.monev.results import programme_start
from lms.people.models import Unit

# Service units with indicators: (waiting minutes before, IKM before, survey every month?).
INDICATORS = {
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu": (48.0, 74.5, True),
    "Badan Pengelola Pajak dan Retribusi Daerah": (37.0, 77.0, True),
    "RSUD Raden Mattaher": (95.0, 72.0, False),
    "Dinas Kesehatan": (30.0, 79.0, False),
    "Dinas Pendidikan": (25.0, 78.0, False),  # trains late: the comparison unit
}
MONTHS = 24
# Elements that move most with trained staff: procedure, time, competence, conduct, complaints.
TRAINABLE = {"u2", "u3", "u6", "u7", "u8"}


def survey_elements(rng: random.Random, ikm: float, effect: float) -> list[float]:
    """Nine element means (1-4) around ikm / 25, the trainable ones rising with the effect."""
    base = ikm / 25
    scores = []
    for name in ELEMENTS:
        lift = 0.5 * effect if name in TRAINABLE else 0.1 * effect
        scores.append(round(min(4.0, max(1.0, base + lift + rng.uniform(-0.12, 0.12))), 2))
    return scores


def load_indicators(rng: random.Random, now: datetime) -> None:
    """Two years of waiting time and surveys, improving gradually after the programme."""
    db.session.flush()
    first = add_months(month_start(clock.local_date(now)), -MONTHS)
    for name, (waiting, ikm, monthly_survey) in INDICATORS.items():
        unit = db.session.scalar(select(Unit).where(Unit.name == name, Unit.parent_id.is_(None)))
        if unit is None:
            continue
        start, _by_admin = programme_start(unit.id)
        for month in (add_months(first, offset) for offset in range(MONTHS)):
            since = (
                0 if start is None else (month.year - start.year) * 12 + month.month - start.month
            )
            effect = min(1.0, max(0, since + 1) / 6)  # full effect six months in
            measured = monthly_survey or month.month % 3 == 0
            row = ServiceIndicator(unit_id=unit.id, month=month, recorded_at=now)
            row.waiting_minutes = round(waiting * (1 - 0.3 * effect) * rng.uniform(0.94, 1.06), 1)
            row.waiting_n = rng.randint(150, 600)
            if measured:
                elements = survey_elements(rng, ikm, effect)
                for element, score in zip(ELEMENTS, elements, strict=True):
                    setattr(row, element, score)
                row.respondents = rng.randint(60, 220)
                row.ikm = ikm_from_elements(elements)
            row.note = "" if measured else "SKM dilakukan per triwulan."
            db.session.add(row)
