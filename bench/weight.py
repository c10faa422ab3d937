"""Page weight: bytes a browser downloads for five pages, in headless Chromium (Debian's).

    .venv/bin/python bench/weight.py

Each page is loaded with an empty cache by Playwright driving /usr/bin/chromium (never a
downloaded browser) from gunicorn on the bench database. "Bytes" is what crossed the wire
from gunicorn (headers + body, uncompressed: gunicorn does not gzip); "gzip" is the same
responses compressed as the nginx site in deploy/ sends them. Lesson images (images not under
/static) are left out. Target: every learner page under 100 KB.
"""

import gzip
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import province  # noqa: E402
from serve import gunicorn  # noqa: E402

PORT = 8304
LIMIT = 100 * 1024
CHROMIUM = {
    "executable_path": "/usr/bin/chromium",
    "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
}


def measure(page, url: str) -> dict:
    """Load url with nothing cached; sum what came back."""
    responses = []

    def keep(response) -> None:
        responses.append(response)

    page.on("response", keep)
    page.goto(url, wait_until="networkidle")
    raw = zipped = files = 0
    for response in responses:
        path = response.url.split("127.0.0.1", 1)[-1]
        if response.request.resource_type == "image" and "/static/" not in path:
            continue  # a lesson image: the module's content, not the page
        try:
            body = response.body()
        except Exception:  # a redirect has no body
            body = b""
        headers = sum(len(k) + len(v) + 4 for k, v in response.headers.items())
        raw += headers + len(body)
        zipped += headers + (len(gzip.compress(body)) if len(body) > 256 else len(body))
        files += 1
    return {"bytes": raw, "gzip": zipped, "files": files}


def sign_in(page, base: str, nip: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=nip]", nip)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def cold_loads(browser, base: str, account: tuple[str, str], pages: list) -> list[dict]:
    """Sign in once, then load each page in a new context (empty cache) with that session."""
    signed_in = browser.new_context()
    sign_in(signed_in.new_page(), base, *account)
    session = signed_in.storage_state()
    signed_in.close()
    rows = []
    for name, path in pages:
        context = browser.new_context(storage_state=session)
        rows.append({"page": name, "path": path, **measure(context.new_page(), base + path)})
        context.close()
    return rows


def run() -> list[dict]:
    from playwright.sync_api import sync_playwright

    facts = province.ensure(province.url(), 2)
    learner = facts["learners"][1]
    base = f"http://127.0.0.1:{PORT}"
    rows = []
    with gunicorn("wsgi:app", PORT, province.url()), sync_playwright() as p:
        browser = p.chromium.launch(**CHROMIUM)
        fresh = browser.new_context()
        rows.append(
            {"page": "masuk", "path": "/login", **measure(fresh.new_page(), f"{base}/login")}
        )
        fresh.close()
        learner_pages = [
            ("beranda", "/beranda"),
            ("materi", f"/modul/{facts['slug']}/materi/{facts['lesson']}"),
            ("kuis", f"/tes/{learner['attempt']}"),
        ]
        rows += cold_loads(browser, base, (learner["nip"], facts["password"]), learner_pages)
        boss = (province.DEMO_SUPERVISOR, province.DEMO_PASSWORD)
        rows += cold_loads(browser, base, boss, [("tim", "/tim")])
        browser.close()
    for row in rows:
        row["learner"] = row["page"] != "tim"
        row["met"] = not row["learner"] or row["bytes"] < LIMIT
    return rows


def print_rows(rows: list[dict]) -> None:
    print(f"{'halaman':<9}{'berkas':>7}{'KB':>8}{'KB gzip':>9}  < 100 KB")
    for row in rows:
        flag = ("ya" if row["met"] else "TIDAK") if row["learner"] else "(bukan halaman peserta)"
        print(
            f"{row['page']:<9}{row['files']:>7}{row['bytes'] / 1024:>8.1f}"
            f"{row['gzip'] / 1024:>9.1f}  {flag}"
        )


if __name__ == "__main__":
    print_rows(run())
