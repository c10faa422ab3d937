"""The report tables: one definition serves the page, the printable report and the downloads,
so a CSV or XLSX has exactly the columns and Indonesian headers the page shows."""

from dataclasses import dataclass, field

from flask_babel import format_decimal
from flask_babel import gettext as _

from lms.team import gains

from . import levels, services
from .periods import month_label

# How a cell is shown on the page; downloads get the raw value.
INT, DEC1, DEC2, PCT, TEXT = "int", "dec1", "dec2", "pct", "text"
_PATTERNS = {INT: "#,##0", DEC1: "#,##0.0", DEC2: "#,##0.00", PCT: "#,##0.0"}


def format_cell(value, kind: str) -> str:
    """A cell as the page shows it: numbers in the interface language's style, '–' if empty."""
    if value is None or value == "":
        return "–"
    if kind == TEXT:
        return str(value)
    text = format_decimal(value, format=_PATTERNS[kind])
    return f"{text}%" if kind == PCT else text


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = INT


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    footer: list | None = None  # the province's row, shown last and exported last

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]

    @property
    def all_rows(self) -> list[list]:
        return self.rows + ([self.footer] if self.footer else [])

    def display(self, row: list) -> list[tuple[str, bool]]:
        """(text, numeric?) for each cell of a row."""
        return [
            (format_cell(value, column.kind), column.kind != TEXT)
            for value, column in zip(row, self.columns, strict=True)
        ]


def rounded(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def _no_unit(label: str | None) -> str:
    return label if label is not None else _("Tanpa unit kerja")


def participation(rows: list[services.Participation], total, target: int) -> Table:
    columns = [
        Column(_("Perangkat Daerah"), TEXT),
        Column(_("Pegawai")),
        Column(_("Mulai modul")),
        Column(_("Mulai (%)"), PCT),
        Column(_("Menyelesaikan modul")),
        Column(_("Selesai (%)"), PCT),
        Column(_("JP per pegawai"), DEC1),
        Column(_("PNS mencapai %(n)s JP (%%)", n=target), PCT),
        Column(_("Tugas terlambat")),
    ]

    def cells(row: services.Participation, label: str) -> list:
        return [
            label,
            row.employees,
            row.started,
            rounded(row.started_share),
            row.completed,
            rounded(row.completed_share),
            rounded(row.jp_per_employee),
            rounded(row.target_share),
            row.overdue,
        ]

    return Table(
        "partisipasi",
        _("Partisipasi dan penyelesaian per perangkat daerah"),
        columns,
        [cells(row, _no_unit(row.unit)) for row in rows],
        cells(total, _("Provinsi Jambi")),
    )


def completions(months: list[services.MonthCount]) -> Table:
    return Table(
        "penyelesaian-bulanan",
        _("Penyelesaian modul per bulan"),
        [
            Column(_("Bulan"), TEXT),
            Column(_("Modul diselesaikan")),
            Column(_("Pegawai")),
            Column(_("JP")),
        ],
        [[month_label(m.month), m.completions, m.learners, m.jp] for m in months],
    )


def _dimension_header(dimension: str | None) -> Column:
    return Column(_("Modul") if dimension == "modul" else _("Perangkat Daerah"), TEXT)


def _label(row, dimension: str | None) -> str:
    if dimension is None:
        return _("Provinsi Jambi")
    return row.label if dimension == "modul" else _no_unit(row.label)


def reaction(rows: list[levels.Reaction], total: levels.Reaction, dimension: str) -> Table:
    columns = [
        _dimension_header(dimension),
        Column(_("Responden")),
        Column(_("Relevansi"), DEC2),
        Column(_("Kejelasan"), DEC2),
        Column(_("Interaktivitas"), DEC2),
        Column(_("Kemudahan"), DEC2),
        Column(_("Rata-rata"), DEC2),
    ]

    def cells(row: levels.Reaction, dim) -> list:
        return [_label(row, dim), row.responses] + [
            rounded(getattr(row, name), 2)
            for name in ("relevance", "clarity", "interactivity", "ease_of_use", "overall")
        ]

    return Table(
        f"l1-{dimension}",
        _("Level 1 – Reaksi (skala 1–5)"),
        columns,
        [cells(row, dimension) for row in rows],
        cells(total, None),
    )


def learning(rows: list[levels.Learning], total: levels.Learning, dimension: str) -> Table:
    columns = [
        _dimension_header(dimension),
        Column(_("Pasangan (n)")),
        Column(_("Rata-rata pre-test"), DEC1),
        Column(_("Rata-rata post-test pertama"), DEC1),
        Column(_("N-Gain kelas ⟨g⟩"), DEC2),
        Column(_("Median N-Gain individu"), DEC2),
        Column(_("Rata-rata N-Gain individu"), DEC2),
        Column(_("Tinggi (%)"), PCT),
        Column(_("Sedang (%)"), PCT),
        Column(_("Rendah (%)"), PCT),
        Column(_("Penurunan (%)"), PCT),
        Column(_("Tanpa N-Gain individu: pre-test 100")),
        Column(_("Tidak dihitung: belum post-test")),
    ]

    def cells(row: levels.Learning, dim) -> list:
        gain = row.gain
        return [
            _label(row, dim),
            gain.pairs,
            rounded(gain.mean_pre),
            rounded(gain.mean_post),
            rounded(gain.class_gain, 2),
            rounded(gain.median_gain, 2),
            rounded(gain.mean_gain, 2),
            *(rounded(gain.share(name)) for name in gains.CATEGORIES),
            gain.perfect_pre,
            gain.no_post,
        ]

    return Table(
        f"l2-{dimension}",
        _("Level 2 – Pembelajaran (pre-test dan post-test pertama)"),
        columns,
        [cells(row, dimension) for row in rows],
        cells(total, None),
    )


def behaviour(rows: list[levels.Behaviour], total: levels.Behaviour, dimension: str) -> Table:
    columns = [
        _dimension_header(dimension),
        Column(_("Evaluasi")),
        Column(_("Rata-rata penilaian atasan (1–5)"), DEC2),
        Column(_("RTL terlaksana")),
        Column(_("RTL terlaksana (%)"), PCT),
    ]

    def cells(row: levels.Behaviour, dim) -> list:
        return [
            _label(row, dim),
            row.evaluations,
            rounded(row.mean_rating, 2),
            row.carried_out,
            rounded(row.carried_out_share),
        ]

    return Table(
        f"l3-{dimension}",
        _("Level 3 – Perilaku (evaluasi pasca pelatihan)"),
        columns,
        [cells(row, dimension) for row in rows],
        cells(total, None),
    )


def behaviour_change(
    rows: list[levels.BehaviourChange], total: levels.BehaviourChange, dimension: str
) -> Table:
    def cells(row: levels.BehaviourChange, dim) -> list:
        change = rounded(row.change, 2)
        return [
            _label(row, dim),
            row.employees,
            rounded(row.before, 2),
            rounded(row.after, 2),
            change,
        ]

    columns = [_dimension_header(dimension), Column(_("Pegawai (n)"))]
    columns += [Column(h, DEC2) for h in (_("Sebelum (1–4)"), _("Sesudah (1–4)"), _("Perubahan"))]
    return Table(
        f"l3-perubahan-{dimension}",
        _("Level 3 – Perubahan perilaku yang diamati atasan (sebelum dan sesudah)"),
        columns,
        [cells(row, dimension) for row in rows],
        cells(total, None),
    )


def behaviour_competencies(rows: list[levels.CompetencyRating]) -> Table:
    return Table(
        "l3-kompetensi",
        _("Level 3 – Penilaian atasan per kompetensi"),
        [Column(_("Kompetensi"), TEXT), Column(_("Penilaian")), Column(_("Rata-rata"), DEC2)],
        [[row.name, row.ratings, rounded(row.mean, 2)] for row in rows],
    )
