"""Render trainer-written text to HTML and sanitise it: the only module that imports bleach."""

import re
from html import unescape

import bleach
from bleach.html5lib_shim import Filter, HTMLParser, HTMLSerializer, getTreeWalker
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markupsafe import Markup, escape

ALLOWED_TAGS = frozenset(
    {"a", "abbr", "b", "blockquote", "br", "code", "del", "em", "hr", "i", "img", "li", "ol", "p"}
    | {"pre", "strong", "sub", "sup", "ul", "h1", "h2", "h3", "h4", "h5", "h6"}
    | {"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"}
)
# Elements whose content is never teaching text (scripts, styles, embedded or foreign documents,
# form controls): they go with everything inside, so e.g. a script body never shows up as text.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "template", "noscript", "iframe", "frame", "frameset", "object"}
    | {"embed", "applet", "svg", "math", "noembed", "noframes", "xmp", "plaintext", "title"}
    | {"textarea", "select", "button", "head"}
)
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
IMAGE_SCHEMES = frozenset({"http", "https"})
_NUMBER = re.compile(r"\d{1,4}")
# (tag, attribute) -> pattern the whole value must match, or None for any value.
ALLOWED_ATTRIBUTES = {
    ("a", "href"): None,
    ("a", "title"): None,
    ("abbr", "title"): None,
    ("img", "src"): None,
    ("img", "alt"): None,
    ("img", "title"): None,
    ("img", "width"): _NUMBER,
    ("img", "height"): _NUMBER,
    ("ol", "start"): _NUMBER,
    ("code", "class"): re.compile(r"language-[\w+#-]{1,30}"),
    **{(cell, "align"): re.compile(r"left|center|right") for cell in ("th", "td")},
    **{(cell, "colspan"): _NUMBER for cell in ("th", "td")},
    **{(cell, "rowspan"): _NUMBER for cell in ("th", "td")},
}
_IGNORED_IN_URL = re.compile(r"[`\x00-\x20\x7f-\xa0\s]+")
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")
_EXTERNAL = re.compile(r"(https?:|[/\\]{2})")
EXTERNAL_REL = "noopener noreferrer"


def _normalized_url(url: str) -> str:
    """Return `url` as a browser reads it: references decoded, blanks and controls gone."""
    return _IGNORED_IN_URL.sub("", unescape(url)).lower()


def _allow_attribute(tag: str, name: str, value: str) -> bool:
    if (tag, name) not in ALLOWED_ATTRIBUTES:
        return False
    if name == "src":
        scheme = _SCHEME.match(_normalized_url(value))
        return scheme is None or scheme.group(1) in IMAGE_SCHEMES
    pattern = ALLOWED_ATTRIBUTES[tag, name]
    return pattern is None or pattern.fullmatch(value.strip()) is not None


class _DropWithContent(Filter):
    """Remove comments and the DROPPED_WITH_CONTENT elements together with their content."""

    def __iter__(self):
        depth = 0
        for token in super().__iter__():
            if token["type"] in ("StartTag", "EndTag") and token["name"] in DROPPED_WITH_CONTENT:
                depth += 1 if token["type"] == "StartTag" else -1
            elif not depth and token["type"] != "Comment":
                yield token


class _ExternalLinkRel(Filter):
    """Give every absolute http(s) link rel="noopener noreferrer"."""

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] == "StartTag" and token["name"] == "a":
                href = _normalized_url(token["data"].get((None, "href"), ""))
                if _EXTERNAL.match(href):
                    token["data"][(None, "rel")] = EXTERNAL_REL
            yield token


# The pre-pass parses like a browser (script and style bodies are raw text) so those bodies can be
# dropped whole; bleach's own parser reads them as markup. It also decodes every character
# reference, so bleach's URL check sees plain text. bleach's clean is the security boundary.
# Parsers, serializers and cleaners keep state while working: build them per call, for threads.
def _drop_with_content(html: str) -> str:
    dom = HTMLParser(namespaceHTMLElements=False).parseFragment(html)
    serializer = HTMLSerializer(
        quote_attr_values="always", omit_optional_tags=False, escape_lt_in_attrs=True
    )
    return serializer.render(_DropWithContent(getTreeWalker("etree")(dom)))


def _clean(html: str) -> str:
    cleaner = bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=_allow_attribute,
        protocols=LINK_SCHEMES,
        strip=True,
        strip_comments=True,
        filters=[_ExternalLinkRel],
    )
    return cleaner.clean(html)


def _table_align(state: StateCore) -> None:
    """Turn markdown-it's `style="text-align:x"` on table cells into `align`: style is dropped."""
    for token in state.tokens:
        style = token.attrs.pop("style", None) if token.type in ("th_open", "td_open") else None
        if style and style.startswith("text-align:"):
            token.attrs["align"] = style.removeprefix("text-align:")


_md = MarkdownIt("commonmark", {"html": True}).enable("table")
_md.core.ruler.push("table_align", _table_align)


def sanitize(html: str) -> Markup:
    """Clean HTML against the teaching allow-list."""
    if not html:
        return Markup("")
    return Markup(_clean(_drop_with_content(html)))


def render_markdown(text: str) -> Markup:
    """Render CommonMark with tables (raw HTML allowed, then sanitised)."""
    return sanitize(_md.render(text or ""))


# Moodle's text_to_html (lib/weblib.php), used for its auto-format: whitespace between tags goes,
# a line break next to a tag becomes a space, every other line break becomes <br>.
_BETWEEN_TAGS = re.compile(r">\s+<")
_BREAK_BEFORE_TAG = re.compile(r"[\n\r]<")
_BREAK_AFTER_TAG = re.compile(r">[\n\r]")
_LINE_END = re.compile(r"\r\n|\n\r|\n|\r")


def _moodle_auto_format(text: str) -> str:
    text = _BETWEEN_TAGS.sub("><", text)
    text = _BREAK_BEFORE_TAG.sub(" <", text)
    text = _BREAK_AFTER_TAG.sub("> ", text)
    return _LINE_END.sub(lambda m: "<br>" + m[0], text)


def _plain(text: str) -> Markup:
    """Moodle's FORMAT_PLAIN: escaped, runs of spaces kept, line breaks kept."""
    lines = (text or "").replace("\r\n", "\n").split("\n")
    return Markup("<br>\n").join(
        Markup(str(escape(line)).replace("  ", "&nbsp; ")) for line in lines
    )


def render_text(text: str, fmt: str = "markdown") -> Markup:
    """Render a question text in one of Moodle's formats: moodle (auto-format), html, plain or
    markdown, as Moodle's format_text does, then sanitise."""
    fmt = (fmt or "markdown").lower()
    if fmt == "plain":
        return _plain(text)
    if fmt == "html":
        return sanitize(text)
    if fmt == "moodle":
        return sanitize(_moodle_auto_format(text or ""))
    if fmt == "markdown":
        return render_markdown(text)
    raise ValueError(f"unknown text format: {fmt!r}")


def strip_tags(text: str) -> str:
    """The text of an HTML fragment without any tag, as Moodle cleans a question name."""
    return unescape(bleach.clean(text or "", tags=set(), strip=True, strip_comments=True)).strip()
