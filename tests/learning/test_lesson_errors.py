"""Every link in a lesson page's error summary leads somewhere on that page, whichever of the
lesson's forms was refused: a check, a reflection, the RTL, or "Tandai selesai"."""

from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from lms import clock
from lms.extensions import db
from lms.learning.models import Reflection
from tests.conftest import login
from tests.factories import make_user
from tests.learning.helpers import PLAN_WHAT, learning_module, plan_form, start, write_rtl

BASE = "/modul/modul-uji/materi"


class SummaryLinks(HTMLParser):
    """The ids on a page and the #anchors linked from its error summary, in order."""

    def __init__(self, html: str):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self._depth = 0  # inside #error-summary while > 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if attrs.get("id") == "error-summary" or self._depth:
            self._depth += tag == "div"
        if self._depth and tag == "a":
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if self._depth and tag == "div":
            self._depth -= 1


@pytest.fixture
def enrollment(client):
    user = make_user("Rina Peserta")
    login(client, user)
    return start(user, learning_module())


def acknowledged_plan(enrollment) -> None:
    write_rtl(enrollment)
    plan = db.session.scalar(select(Reflection).where(Reflection.kind == "rtl"))
    plan.acknowledged_at, plan.acknowledged_by_id = clock.utcnow(), make_user("Bu Atasan").id
    db.session.commit()


# What each refused form posts; a function, as the RTL's dates are counted from today.
REFUSALS = {
    "finish before the checks": ("1/selesai", dict),
    "finish with the reflection too long": ("1/selesai", lambda: {"ref1-text": "kata " * 1001}),
    "check sent without answers": ("1/cek/cek1", dict),
    "reflection sent empty": ("1/refleksi/ref1", lambda: {"ref1-text": ""}),
    "RTL sent empty": ("2/rtl", dict),
    "RTL with an impossible date": (
        "2/rtl",
        lambda: plan_form() | {"rtl-due-day": "31", "rtl-due-month": "2"},
    ),
    "finish with a weak RTL": ("2/selesai", lambda: {"rtl-text": "Saya akan lebih rajin."}),
    "RTL sent after its acknowledgement": ("2/rtl", lambda: plan_form(text=PLAN_WHAT + " Lagi.")),
}


@pytest.mark.parametrize("refusal", REFUSALS)
def test_every_summary_link_leads_to_an_element_of_the_page(client, enrollment, refusal):
    if refusal == "RTL sent after its acknowledgement":
        acknowledged_plan(enrollment)
    path, data = REFUSALS[refusal]
    response = client.post(f"{BASE}/{path}", data=data())
    assert response.status_code == 400
    page = SummaryLinks(response.get_data(as_text=True))
    assert page.links, "no error summary"
    assert all(link.startswith("#") for link in page.links)
    assert [link for link in page.links if link[1:] not in page.ids] == []
