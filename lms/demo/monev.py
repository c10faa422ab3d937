"""Demo service indicators (level 4): twelve months for the province's front-line units."""

import random
from datetime import datetime

from sqlalchemy import select

from lms import clock
from lms.extensions import db
from lms.monev.models import ServiceIndicator
from lms.monev.periods import add_months, month_start
from lms.monev.results import programme_start
from lms.people.models import Unit

# Service units with indicators: (waiting minutes before, IKM before, IKM every month?).
INDICATORS = {
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu": (48.0, 74.5, True),
    "Badan Pengelola Pajak dan Retribusi Daerah": (37.0, 77.0, True),
    "RSUD Raden Mattaher": (95.0, 72.0, False),
    "Dinas Kesehatan": (30.0, 79.0, False),
}


def load_indicators(rng: random.Random, now: datetime) -> None:
    """Twelve months of waiting time and IKM, improving gradually after the programme began."""
    db.session.flush()
    first = add_months(month_start(clock.local_date(now)), -12)
    for name, (waiting, ikm, monthly_ikm) in INDICATORS.items():
        unit = db.session.scalar(select(Unit).where(Unit.name == name, Unit.parent_id.is_(None)))
        if unit is None:
            continue
        start, _by_admin = programme_start(unit.id)
        for month in (add_months(first, offset) for offset in range(12)):
            since = (
                0 if start is None else (month.year - start.year) * 12 + month.month - start.month
            )
            effect = min(1.0, max(0, since + 1) / 6)  # full effect six months in
            measured = monthly_ikm or month.month % 3 == 0
            row = ServiceIndicator(unit_id=unit.id, month=month, recorded_at=now)
            row.waiting_minutes = round(waiting * (1 - 0.3 * effect) * rng.uniform(0.94, 1.06), 1)
            row.ikm = round(ikm + 9 * effect + rng.uniform(-1.2, 1.2), 2) if measured else None
            row.note = "" if measured else "SKM dilakukan per triwulan."
            db.session.add(row)
