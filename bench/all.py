"""`make bench`: every benchmark, one after the other, and one table at the end.

    .venv/bin/python bench/all.py [--quick]
    BENCH_PG_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test .venv/bin/python bench/all.py

Without BENCH_PG_URL the PostgreSQL submission run is left out (said so in the table). Every
step has its own time limit; the whole run takes about 10 minutes on 2 CPUs.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import memory  # noqa: E402
import pages  # noqa: E402
import province  # noqa: E402
import submissions  # noqa: E402
import weight  # noqa: E402

REPORTS_TIMEOUT_S = 600
IMPORTER_TIMEOUT_S = 300


def reports_table() -> list[str]:
    """bench/reports.py in its own process and its own file (it builds its own database)."""
    env = {**os.environ, "DATABASE_URL": "sqlite:////tmp/bina-bench.sqlite3"}
    done = subprocess.run(
        [sys.executable, str(BENCH / "reports.py")],
        capture_output=True,
        text=True,
        env=env,
        timeout=REPORTS_TIMEOUT_S,
    )
    if done.returncode:
        return [f"reports.py gagal: {done.stderr.strip().splitlines()[-1:]}"]
    lines = done.stdout.strip().splitlines()
    return lines[lines.index("") + 1 :] if "" in lines else lines[-4:]


def importer_table() -> list[str]:
    """bench/importer.py (20,000 employees) in its own process and its own scratch file."""
    done = subprocess.run(
        [sys.executable, str(BENCH / "importer.py")],
        capture_output=True,
        text=True,
        timeout=IMPORTER_TIMEOUT_S,
    )
    if done.returncode:
        return [f"importer.py gagal: {done.stderr.strip().splitlines()[-1:]}"]
    return done.stdout.strip().splitlines()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 s per page instead of 10")
    args = parser.parse_args()
    began = time.perf_counter()
    facts = province.ensure(province.url(), 200)
    print(f"basis data: {facts.get('employees', '?')} pegawai, {province.url()}")
    page_rows = pages.run(5 if args.quick else 10, 16)
    weight_rows = weight.run()
    memory_result = memory.run(1000)
    submitted = [submissions.run("sqlite", 200)]
    if os.environ.get("BENCH_PG_URL"):
        submitted.append(submissions.run("postgresql", 200))
    report_lines = reports_table()
    importer_lines = importer_table()

    print("\n== Halaman (gunicorn -c deploy/gunicorn.conf.py, wrk -c16)")
    pages.print_rows(page_rows)
    print("\n== Pengiriman post-test (200 peserta bersamaan)")
    for result in submitted:
        submissions.print_result(result)
    if not os.environ.get("BENCH_PG_URL"):
        print("postgresql  dilewati: BENCH_PG_URL tidak diisi")
    print("\n== Bobot halaman (Chromium, cache kosong)")
    weight.print_rows(weight_rows)
    print("\n== Memori")
    memory.print_result(memory_result)
    print("\n== Laporan (bench/reports.py, 10.000 pegawai)")
    print("\n".join(report_lines))
    print("\n== Impor pegawai (bench/importer.py)")
    print("\n".join(importer_lines))
    print(f"\nselesai dalam {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
