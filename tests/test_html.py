import re
import runpy
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bleach import html5lib_shim
from markupsafe import Markup

from lms.html import render_markdown, render_text, sanitize

_data = runpy.run_path(str(Path(__file__).parent / "data" / "xss_vectors.py"))
VECTORS = _data["VECTORS"]
DROPPED_TEXT = _data["DROPPED_TEXT"]

# Kept apart from lms.html on purpose: widening the module's allow-list must fail a test.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "del", "em", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "rel"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "code": {"class"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
}
URL_SCHEMES = {"href": {"http", "https", "mailto"}, "src": {"http", "https"}}
SCRIPT_CAPABLE = {"script", "style", "iframe", "noscript", "template", "svg", "math", "object"}

RENDERERS = [
    pytest.param(render_markdown, id="markdown"),
    pytest.param(lambda text: render_text(text, "html"), id="html"),
]


class _Collector(HTMLParser):
    """Collect (tag, attributes) of every element, plus text found in script-capable places."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str]]]] = []
        self.open_script_capable = 0
        self.script_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, [(name, value or "") for name, value in attrs]))
        self.open_script_capable += tag in SCRIPT_CAPABLE

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, [(name, value or "") for name, value in attrs]))

    def handle_endtag(self, tag):
        if tag in SCRIPT_CAPABLE and self.open_script_capable:
            self.open_script_capable -= 1

    def handle_data(self, data):
        if self.open_script_capable:
            self.script_text.append(data)

    def handle_comment(self, data):
        self.elements.append(("!--", []))

    def handle_decl(self, decl):
        self.elements.append(("!" + decl, []))

    def handle_pi(self, data):
        self.elements.append(("?", []))

    def unknown_decl(self, data):
        self.elements.append(("![", []))


def _stdlib_elements(html: str) -> tuple[list, list[str]]:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.elements, collector.script_text


def _browser_elements(html: str) -> list:
    """Parse the way a browser does and list every element; html5lib comes vendored in bleach."""
    root = html5lib_shim.HTMLParser(namespaceHTMLElements=False).parseFragment(html)
    return [
        (element.tag if isinstance(element.tag, str) else "!--", list(element.attrib.items()))
        for element in root.iter()
        if element is not root
    ]


def _scheme(url: str) -> str:
    """Return the scheme a browser sees in an already unescaped URL, "" when relative."""
    url = re.sub(r"[\x00-\x20\x7f-\xa0\s]+", "", url).lower()
    match = re.match(r"([a-z][a-z0-9+.-]*):", url)
    return match.group(1) if match else ""


def assert_safe(html: str) -> None:
    stdlib_elements, script_text = _stdlib_elements(html)
    for tag, attrs in stdlib_elements + _browser_elements(html):
        assert tag in ALLOWED_TAGS, f"element <{tag}> in {html!r}"
        for name, value in attrs:
            assert not name.lower().startswith("on"), f"event handler {name} in {html!r}"
            assert name.lower() != "style", f"style attribute in {html!r}"
            assert name in ALLOWED_ATTRIBUTES.get(tag, ()), f"<{tag} {name}> in {html!r}"
            if name in URL_SCHEMES and _scheme(value):
                assert _scheme(value) in URL_SCHEMES[name], f"{name}={value!r} in {html!r}"
    assert "alert(" not in "".join(script_text)


@pytest.mark.parametrize("render", RENDERERS)
@pytest.mark.parametrize("vector", [pytest.param(v, id=i) for i, v in VECTORS])
def test_xss_vector_is_neutralised(render, vector):
    html = render(vector)

    assert isinstance(html, Markup)
    assert_safe(html)
    assert sanitize(html) == html


@pytest.mark.parametrize("render", RENDERERS)
@pytest.mark.parametrize("vector", [pytest.param(v, id=i) for i, v in VECTORS if i in DROPPED_TEXT])
def test_script_bodies_are_dropped_not_shown(render, vector):
    assert "alert" not in render(vector)


def test_corpus_is_large_and_ids_are_unique():
    ids = [vector_id for vector_id, _ in VECTORS]
    assert len(ids) >= 70
    assert len(set(ids)) == len(ids)
    assert set(ids) >= DROPPED_TEXT


def test_checker_catches_unsafe_html():
    for unsafe in (
        "<script>alert(1)</script>",
        '<a href="java&#9;script:alert(1)">x</a>',
        '<img src="data:image/png;base64,AA">',
        '<p onclick="x">x</p>',
        '<p style="color:red">x</p>',
        "<svg></svg>",
        "<!-- x -->",
    ):
        with pytest.raises(AssertionError):
            assert_safe(unsafe)


def test_headings_and_emphasis():
    html = render_markdown("# Modul 1\n\n## Tujuan\n\nTeks *miring*, **tebal** dan `kode`.")

    assert html == (
        "<h1>Modul 1</h1>\n<h2>Tujuan</h2>\n"
        "<p>Teks <em>miring</em>, <strong>tebal</strong> dan <code>kode</code>.</p>\n"
    )


def test_lists():
    html = render_markdown("- satu\n- dua\n\n3. tiga\n4. empat\n")

    assert "<ul>\n<li>satu</li>\n<li>dua</li>\n</ul>" in html
    assert '<ol start="3">\n<li>tiga</li>\n<li>empat</li>\n</ol>' in html


def test_table_keeps_alignment_without_style():
    html = render_markdown("| Nama | Nilai |\n|:-----|------:|\n| Budi | 90 |\n")

    assert '<th align="left">Nama</th>' in html
    assert '<td align="right">90</td>' in html
    assert "<thead>" in html and "<tbody>" in html
    assert "style" not in html


def test_code_block_shows_markup_as_text():
    html = render_markdown('```html\n<script>alert("x")</script>\n```\n\n    <b>indented</b>\n')

    assert (
        '<pre><code class="language-html">&lt;script&gt;alert("x")&lt;/script&gt;\n</code></pre>'
        in html
    )
    assert "<pre><code>&lt;b&gt;indented&lt;/b&gt;\n</code></pre>" in html


def test_block_quote():
    html = render_markdown("> Integritas adalah **kunci**.")

    assert html == "<blockquote>\n<p>Integritas adalah <strong>kunci</strong>.</p>\n</blockquote>\n"


EXTERNAL = 'rel="noopener noreferrer"'


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("[Modul](/modules/3)", '<a href="/modules/3">Modul</a>'),
        ("[Bagian](#tujuan)", '<a href="#tujuan">Bagian</a>'),
        ("[Surel](mailto:a@bkn.go.id)", '<a href="mailto:a@bkn.go.id">Surel</a>'),
        ("[BKN](https://bkn.go.id)", f'<a href="https://bkn.go.id" {EXTERNAL}>BKN</a>'),
        (
            "[BKN](http://bkn.go.id/?b=1&c=2)",
            f'<a href="http://bkn.go.id/?b=1&amp;c=2" {EXTERNAL}>',
        ),
        ('<a href="//x.example/">x</a>', f'<a href="//x.example/" {EXTERNAL}>x</a>'),
        ('<a href="HTTPS://x.example" rel="opener" target="_blank">x</a>', f"{EXTERNAL}>x</a>"),
        ("<https://lan.go.id>", f'<a href="https://lan.go.id" {EXTERNAL}>https://lan.go.id</a>'),
    ],
)
def test_links(source, expected):
    assert expected in render_markdown(source)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("![Bagan](/media/abc.png)", '<img src="/media/abc.png" alt="Bagan">'),
        (
            '![Logo](https://x.example/l.png "Logo")',
            '<img src="https://x.example/l.png" alt="Logo"',
        ),
        ('<img src="media/a.png" width="200" height="x">', '<img src="media/a.png" width="200">'),
    ],
)
def test_images(source, expected):
    assert expected in render_markdown(source)


def test_allowed_inline_html_is_kept():
    source = (
        'H<sub>2</sub>O, x<sup>2</sup>, <del>lama</del>, <abbr title="Aparatur Sipil Negara">ASN'
        "</abbr><br>baris<hr>"
    )

    assert render_text(source, "html") == source


def test_disallowed_wrappers_keep_their_text():
    assert render_text('<div class="x"><span>Teks</span> <u>ini</u></div>', "html") == "Teks ini"


def test_indonesian_paragraph():
    source = (
        "Aparatur Sipil Negara (ASN) wajib **menjunjung tinggi** nilai-nilai Pancasila, "
        "UUD 1945 & Bhinneka Tunggal Ika — sesuai “Core Values” BerAKHLAK."
    )

    assert render_markdown(source) == (
        "<p>Aparatur Sipil Negara (ASN) wajib <strong>menjunjung tinggi</strong> nilai-nilai "
        "Pancasila, UUD 1945 &amp; Bhinneka Tunggal Ika — sesuai “Core Values” BerAKHLAK.</p>\n"
    )


def test_plain_text_is_escaped():
    html = render_text('Gunakan <b>tag</b> & "kutip"\nbaris dua', "plain")

    assert html == "Gunakan &lt;b&gt;tag&lt;/b&gt; &amp; &#34;kutip&#34;<br>\nbaris dua"
    assert isinstance(html, Markup)


def test_moodle_auto_format_keeps_text_and_breaks_lines():
    source = "Compute 2*3*4.\nSecond line\n<b>bold</b>\n<script>x</script>"

    assert render_text(source, "moodle") == "Compute 2*3*4.<br>\nSecond line <b>bold</b>"


def test_moodle_auto_format_drops_blanks_between_tags():
    assert render_text("<ul>\n  <li>a</li>\n</ul>", "moodle") == "<ul><li>a</li></ul>"


def test_plain_keeps_runs_of_spaces():
    assert render_text("a  b", "plain") == "a&nbsp; b"


def test_format_defaults_to_markdown_and_ignores_case():
    assert render_text("**a**") == render_text("**a**", "MARKDOWN") == "<p><strong>a</strong></p>\n"


def test_unknown_format_is_an_error():
    with pytest.raises(ValueError, match="unknown text format"):
        render_text("x", "rtf")


@pytest.mark.parametrize("render", [sanitize, render_markdown, lambda t: render_text(t, "plain")])
def test_empty_text(render):
    assert render("") == ""
