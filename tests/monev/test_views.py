"""What admins see and download on the Monev pages, and who may see them."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from lms.extensions import db
from lms.monev.models import ProgrammeStart, ServiceIndicator
from tests.conftest import login
from tests.factories import make_user

from .helpers import province

PAGES = [
    "/monev",
    "/monev/level",
    "/monev/indikator",
    "/monev/laporan",
    "/monev?period=2026-Q2&tabel=partisipasi&format=csv",
]


@pytest.fixture
def data(app):
    app.config["JP_TARGET_PER_YEAR"] = 5
    return province()


@pytest.fixture
def admin(app):
    return make_user("Admin BKD", roles=("admin",))


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_is_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("path", PAGES + ["/monev/indikator/1"])
def test_learners_supervisors_and_trainers_are_refused(client, data, path):
    for person in (data.people["a1"], data.people["boss"], make_user(roles=("trainer",))):
        client.get("/logout")
        login(client, person)
        assert client.get(path).status_code == 403
    response = client.post("/monev/indikator", data={"unit_id": data.dinas_a.id})
    assert response.status_code == 403


def test_overview_shows_units_and_the_province(client, data, admin):
    login(client, admin)
    page = client.get("/monev?period=2026-Q2").get_data(as_text=True)
    assert "Partisipasi Triwulan 2 2026" in page
    assert "Dinas A" in page and "Dinas B" in page and "Tanpa unit kerja" in page
    # Dinas A: 5 employees, 2 started (40%), JP per employee 1,4, 20% reached 5 JP.
    assert (
        '<th scope="row">Dinas A</th><td class="num">5</td><td class="num">2</td>'
        '<td class="num">40,0%</td>' in page
    )
    assert "PNS mencapai 5 JP (%)" in page
    assert '<svg class="chart"' in page and "<title id=" in page


def test_csv_download_has_the_page_columns(client, data, admin):
    login(client, admin)
    response = client.get("/monev?period=2026-Q2&tabel=partisipasi&format=csv")
    assert response.status_code == 200
    assert response.data.startswith(b"\xef\xbb\xbf")
    assert "partisipasi-2026-Q2.csv" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0] == [
        "Perangkat Daerah",
        "Pegawai",
        "Mulai modul",
        "Mulai (%)",
        "Menyelesaikan modul",
        "Selesai (%)",
        "JP per pegawai",
        "PNS mencapai 5 JP (%)",
        "Tugas terlambat",
    ]
    assert rows[1] == ["Dinas A", "5", "2", "40", "2", "40", "1.4", "20", "2"]
    # The admin (no unit) is an employee too: 8 in the province.
    assert rows[-1][:3] == ["Provinsi Jambi", "8", "3"]


def test_xlsx_download_of_a_level_table(client, data, admin):
    login(client, admin)
    response = client.get("/monev/level?period=2026-Q2&per=modul&tabel=l2-modul&format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Modul",
        "Pasangan (n)",
        "Rata-rata pre-test",
        "Rata-rata post-test pertama",
        "N-Gain kelas ⟨g⟩",
        "Median N-Gain individu",
        "Rata-rata N-Gain individu",
        "Tinggi (%)",
        "Sedang (%)",
        "Rendah (%)",
        "Penurunan (%)",
        "Tanpa N-Gain individu: pre-test 100",
        "Tidak dihitung: belum post-test",
    )
    by_module = {row[0]: row for row in rows[1:]}
    assert by_module["Modul Satu"] == (
        "Modul Satu", 2, 70, 92.5, 0.75, 0.75, 0.75, 100, 0, 0, 0, 1, 0
    )  # fmt: skip
    assert by_module["Provinsi Jambi"][1:5] == (3, 66.7, 83, 0.49)
    assert by_module["Provinsi Jambi"][-1] == 1


@pytest.mark.parametrize(
    "query",
    ["tabel=nope&format=csv", "tabel=partisipasi&format=pdf", "period=2026-13", "per=opd"],
)
def test_bad_parameters_are_refused(client, data, admin, query):
    login(client, admin)
    assert client.get(f"/monev/level?{query}").status_code == 400


def test_bad_period_says_why(client, admin):
    login(client, admin)
    response = client.get("/monev?period=2026-Q7")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Periode tidak dikenali" in page and "2026-Q2 (triwulan)" in page
    assert client.get("/monev/laporan?period=2099").status_code == 400


def test_levels_page_shows_all_four_levels(client, data, admin):
    login(client, admin)
    page = client.get("/monev/level?period=2026-Q2&per=unit").get_data(as_text=True)
    for heading in ("Level 1", "Level 2", "Level 3", "Level 4"):
        assert heading in page
    assert "Sebaran kategori N-Gain" in page
    assert "tidak membuktikan" in page  # never claims cause
    assert "Program dimulai: Februari 2026" in page
    assert "C (Kurang Baik)" in page and "B (Baik)" in page
    assert client.get(f"/monev/level?unit={data.dinas_b.id}").status_code == 404


def test_printable_report(client, data, admin):
    login(client, admin)
    response = client.get("/monev/laporan?period=2026-Q2")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Laporan Monitoring dan Evaluasi" in page and "print-report.css" in page
    assert 'class="site"' not in page  # no navigation bar
    assert page.count("<svg") == 4  # completions, N-gain, and Dinas A's two indicators


def _indicators() -> int:
    return db.session.scalar(select(func.count(ServiceIndicator.id)))


SURVEY = {f"u{i}": "3,2" for i in range(1, 10)}  # IKM 80


def _form(unit_id, **values):
    return {
        "unit_id": unit_id,
        "month": "2026-05",
        "waiting_minutes": "30",
        "waiting_n": "120",
        "respondents": "150",
        **SURVEY,
        **values,
    }


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"waiting_minutes": "-3"}, "Waktu tunggu tidak boleh negatif."),
        ({"waiting_n": ""}, "Isi jumlah layanan yang diukur waktu tunggunya."),
        ({"u3": "4,5"}, "Nilai unsur harus antara 1 dan 4."),
        ({"u7": ""}, "Isi nilai rata-rata unsur ini (1–4)."),
        ({"respondents": "0"}, "Isi bilangan bulat 1 atau lebih."),
        ({"respondents": ""}, "Isi jumlah responden survei."),
        ({"month": "2099-01"}, "Bulan tidak boleh di masa depan."),
        ({"month": "Mei"}, "Pilih bulan dan tulis tahun"),
        ({"unit_id": "9999"}, "Pilih unit kerja"),
        ({"unit_id": ""}, "Pilih unit kerja"),
        ({"u1": "tiga"}, "Isi dengan angka"),
        (
            {
                "waiting_minutes": "",
                "waiting_n": "",
                "respondents": "",
                **dict.fromkeys(SURVEY, ""),
            },
            "Isi waktu tunggu, hasil survei (sembilan unsur), atau keduanya.",
        ),
    ],
)
def test_indicator_form_refuses_with_a_message(client, data, admin, values, message):
    login(client, admin)
    before = _indicators()
    unit_id = values.pop("unit_id", data.dinas_b.id)
    response = client.post("/monev/indikator", data=_form(unit_id, **values))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _indicators() == before


def test_indicator_form_names_every_wrong_field(client, data, admin):
    login(client, admin)
    values = _form(data.dinas_b.id, month="2099-01", waiting_minutes="-1", u9="5")
    page = client.post("/monev/indikator", data=values).get_data(as_text=True)
    for message in ("masa depan", "tidak boleh negatif", "antara 1 dan 4"):
        assert message in page
    assert 'aria-invalid="true"' in page


def test_indicator_form_cites_the_regulation(client, data, admin):
    login(client, admin)
    page = client.get("/monev/indikator").get_data(as_text=True)
    assert "PermenPANRB No. 14 Tahun 2017" in page
    assert "U8 Penanganan pengaduan, saran, dan masukan" in page


def test_indicator_recorded_listed_and_edited(client, data, admin):
    login(client, admin)
    response = client.post("/monev/indikator", data=_form(data.dinas_b.id, u1="4", u2="3,5"))
    assert response.status_code == 302
    saved = db.session.scalar(
        select(ServiceIndicator).where(ServiceIndicator.unit_id == data.dinas_b.id)
    )
    # (4 + 3.5 + 7 x 3.2) / 9 x 25 = 29.9 / 9 x 25 = 83.06
    assert (saved.month, saved.waiting_minutes, saved.respondents) == (date(2026, 5, 1), 30, 150)
    assert saved.ikm == pytest.approx(29.9 / 9 * 25)
    listing = client.get("/monev/indikator").get_data(as_text=True)
    assert "Dinas B" in listing and "83,06" in listing and "B (Baik)" in listing
    form = client.get(f"/monev/indikator/{saved.id}").get_data(as_text=True)
    assert 'value="3,5"' in form and 'value="150"' in form
    assert '<option value="5" selected>Mei</option>' in form
    response = client.post(
        f"/monev/indikator/{saved.id}",
        data=_form(data.dinas_b.id, note="Survei", **dict.fromkeys(SURVEY, "3,6")),
    )
    assert response.status_code == 302
    db.session.refresh(saved)
    assert (saved.ikm, saved.note) == (pytest.approx(90), "Survei")
    assert client.get("/monev/indikator/9999").status_code == 404


def test_indicator_list_downloads(client, data, admin):
    login(client, admin)
    response = client.get("/monev/indikator?tabel=indikator&format=csv")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:8] == [
        "Unit Kerja", "Bulan", "Waktu tunggu (menit)", "Layanan diukur", "IKM",
        "Mutu pelayanan", "Responden", "Sumber IKM",
    ]  # fmt: skip
    assert rows[1][:8] == ["Dinas A", "Juni 2026", "25", "50", "85", "B (Baik)", "100",
                           "9 unsur"]  # fmt: skip
    assert rows[1][8:17] == ["3.4"] * 9


def test_programme_start_set_by_admin(client, data, admin):
    login(client, admin)
    response = client.post(
        "/monev/indikator/mulai", data={"unit_id": data.dinas_a.id, "start_month": "2026-04"}
    )
    assert response.status_code == 302
    row = db.session.scalar(select(ProgrammeStart))
    assert (row.unit_id, row.month, row.set_by_id) == (data.dinas_a.id, date(2026, 4, 1), admin.id)
    page = client.get("/monev/level?period=2026-Q2").get_data(as_text=True)
    assert "Program dimulai: April 2026" in page and "ditetapkan admin" in page
    client.post("/monev/indikator/mulai", data={"unit_id": data.dinas_a.id, "start_month": ""})
    assert db.session.scalar(select(func.count(ProgrammeStart.id))) == 0


def test_level_one_legend_uses_the_survey_own_scale(client, data, admin):
    login(client, admin)
    for path in ("/monev/level?period=2026", "/monev/laporan?period=2026"):
        page = client.get(path).get_data(as_text=True)
        assert "sangat tidak setuju" not in page
        assert "Relevansi dengan pekerjaan saya: 1 = tidak relevan, 5 = sangat relevan" in page
        assert "Kemudahan penggunaan aplikasi: 1 = sangat sulit, 5 = sangat mudah" in page
