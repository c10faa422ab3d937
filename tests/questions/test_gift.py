from pathlib import Path

import pytest

from lms.questions.gift import (
    BLANK,
    Question,
    category_code,
    parse_gift,
    question_to_dict,
)
from lms.questions.gift_writer import to_gift

DATA = Path(__file__).parent / "data"


def parse_one(source: str) -> Question:
    questions, errors = parse_gift(source)
    assert errors == []
    assert len(questions) == 1
    return questions[0]


def as_dicts(source: str) -> list[dict]:
    questions, errors = parse_gift(source)
    assert errors == []
    return [question_to_dict(q, category_code(q.category)) for q in questions]


def fractions(q: Question) -> list[float]:
    return [a.fraction for a in q.answers]


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("Who? {~Grant ~Jefferson =no one}", "multichoice"),
        ("Pick {~%50%a ~%50%b ~c}", "multiresponse"),
        ("Pick {~%100%a ~b}", "multiresponse"),
        ("Sky is blue {T}", "truefalse"),
        ("Name {=JP =jam pelajaran}", "shortanswer"),
        ("Match {=a -> 1 =b -> 2}", "matching"),
        ("Pi {#3.14:0.01}", "numerical"),
        ("Write {}", "essay"),
        ("Just reading.", "description"),
        ("Grant is {~buried =entombed} in the tomb.", "multichoice"),
    ],
)
def test_question_type(source: str, kind: str) -> None:
    assert parse_one(source).type == kind


def test_multichoice_with_title_feedback_and_general_feedback() -> None:
    q = parse_one("::Q1:: Who? {~Grant#No. =no one#Yes! ~%50%half#Half. ####Think.}")
    assert (q.title, q.text, q.text_format) == ("Q1", "Who?", "moodle")
    assert [a.text for a in q.answers] == ["Grant", "no one", "half"]
    assert fractions(q) == [0.0, 1.0, 0.5]
    assert [a.feedback for a in q.answers] == ["No.", "Yes!", "Half."]
    assert q.general_feedback == "Think."


def test_negative_and_decimal_weights() -> None:
    q = parse_one("Pick {~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-100%d ~%-50%e}")
    assert q.type == "multiresponse"
    assert fractions(q) == [0.3333333, 0.3333333, 0.3333333, -1.0, -0.5]


@pytest.mark.parametrize(
    ("block", "true_fraction", "true_feedback", "false_feedback"),
    [
        ("{T}", 1.0, "", ""),
        ("{TRUE}", 1.0, "", ""),
        ("{true}", 1.0, "", ""),
        ("{F}", 0.0, "", ""),
        ("{FALSE}", 0.0, "", ""),
        ("{T#wrong}", 1.0, "", "wrong"),
        ("{T#wrong#right}", 1.0, "right", "wrong"),
        ("{F#wrong#right}", 0.0, "wrong", "right"),
        ("{TRUE##right}", 1.0, "right", ""),
    ],
)
def test_truefalse(
    block: str, true_fraction: float, true_feedback: str, false_feedback: str
) -> None:
    q = parse_one(f"The sun rises in the east. {block}")
    true, false = q.answers
    assert (true.text, false.text) == ("true", "false")
    assert (true.fraction, false.fraction) == (true_fraction, 1.0 - true_fraction)
    assert (true.feedback, false.feedback) == (true_feedback, false_feedback)


def test_shortanswer_weights_and_feedback() -> None:
    q = parse_one("Unit? {=JP#Right. =jam pelajaran =%50%jam#Incomplete.}")
    assert [(a.text, a.fraction, a.feedback) for a in q.answers] == [
        ("JP", 1.0, "Right."),
        ("jam pelajaran", 1.0, ""),
        ("jam", 0.5, "Incomplete."),
    ]


def test_matching_pairs_and_distractor() -> None:
    q = parse_one("Match {=JP -> jam pelajaran =RTL -> rencana tindak lanjut = -> extra}")
    assert [(a.left, a.right, a.fraction) for a in q.answers] == [
        ("JP", "jam pelajaran", 1.0),
        ("RTL", "rencana tindak lanjut", 1.0),
        ("", "extra", 0.0),
    ]


@pytest.mark.parametrize(
    ("source", "text", "kind"),
    [
        (
            "Grant is {~buried =entombed} in the tomb.",
            f"Grant is {BLANK} in the tomb.",
            "multichoice",
        ),
        ("One JP is {=45 menit} long.", f"One JP is {BLANK} long.", "shortanswer"),
        ("Pi is about {#3.14:0.01} today.", f"Pi is about {BLANK} today.", "numerical"),
        ("{=Jambi} is a province.", f"{BLANK} is a province.", "shortanswer"),
        ("Ends with answers {=x}", "Ends with answers", "shortanswer"),
    ],
)
def test_missing_word(source: str, text: str, kind: str) -> None:
    q = parse_one(source)
    assert (q.text, q.type) == (text, kind)


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("{#45}", [(45.0, 0.0, None, None, 1.0)]),
        ("{#3.14:0.01}", [(3.14, 0.01, None, None, 1.0)]),
        ("{#3,14:0,01}", [(3.14, 0.01, None, None, 1.0)]),
        ("{#-2.5}", [(-2.5, 0.0, None, None, 1.0)]),
        ("{#1..5}", [(None, None, 1.0, 5.0, 1.0)]),
        ("{#-5..-1}", [(None, None, -5.0, -1.0, 1.0)]),
        ("{#1e3}", [(1000.0, 0.0, None, None, 1.0)]),
        (
            "{# =1975 =%50%1974:1}",
            [(1975.0, 0.0, None, None, 1.0), (1974.0, 1.0, None, None, 0.5)],
        ),
    ],
)
def test_numerical(block: str, expected: list[tuple]) -> None:
    q = parse_one(f"Number? {block}")
    assert [(a.value, a.tolerance, a.min, a.max, a.fraction) for a in q.answers] == expected


def test_numerical_feedback_and_catch_all() -> None:
    q = parse_one("Year? {#=2023#Right. =%50%2014:0#Old law. ~#Check the year.}")
    assert [(a.value, a.fraction, a.feedback) for a in q.answers] == [
        (2023.0, 1.0, "Right."),
        (2014.0, 0.5, "Old law."),
        (None, 0.0, "Check the year."),
    ]


def test_essay_and_description() -> None:
    essay = parse_one("Write about your work. {####Any honest answer counts.}")
    assert (essay.type, essay.answers, essay.general_feedback) == (
        "essay",
        [],
        "Any honest answer counts.",
    )
    description = parse_one("::Intro:: Read this first.")
    assert (description.type, description.title, description.text) == (
        "description",
        "Intro",
        "Read this first.",
    )


@pytest.mark.parametrize(
    ("source", "text"),
    [
        (r"a \~ b {}", "a ~ b"),
        (r"a \= b {}", "a = b"),
        (r"a \# b {}", "a # b"),
        (r"a \{ b \} c {}", "a { b } c"),
        (r"a\: b {}", "a: b"),
        (r"back\\slash {}", "back\\slash"),
        (r"two\\{}", "two\\"),
        (r"line\nbreak {}", "line\nbreak"),
        (r"keep \d and \t {}", r"keep \d and \t"),
        ("http://example.org {}", "http://example.org"),
    ],
)
def test_escapes_in_text(source: str, text: str) -> None:
    assert parse_one(source).text == text


def test_escapes_in_title_answers_and_feedback() -> None:
    q = parse_one(r"::a\:b:: Q {=x\=1#yes\#1 ~y\~2#no\: not \{this\}}")
    assert q.title == "a:b"
    assert [(a.text, a.feedback) for a in q.answers] == [
        ("x=1", "yes#1"),
        ("y~2", "no: not {this}"),
    ]


def test_crlf_and_bom_read_like_plain_lines() -> None:
    source = "// c\n::A:: one {=x}\n\n::B:: two\nlines {T}\n"
    windows = "\ufeff" + source.replace("\n", "\r\n")
    assert as_dicts(windows) == as_dicts(source)
    questions, _ = parse_gift(windows)
    assert [q.line for q in questions] == [2, 4]
    assert questions[1].text == "two\nlines"


def test_comments_are_ignored_but_not_inside_text() -> None:
    questions, errors = parse_gift(
        "// header\n// more\n\n"
        "See https://example.org // not a comment {\n// inside\n=x\n}\n// end\n"
    )
    assert errors == []
    assert [(q.text, [a.text for a in q.answers]) for q in questions] == [
        ("See https://example.org // not a comment", ["x"])
    ]
    assert parse_gift("// only a comment\n\n   \n") == ([], [])


def test_category_applies_to_following_questions() -> None:
    questions, _ = parse_gift(
        "Before {}\n\n$CATEGORY: $course$/top/Waktu/ORH\nFirst {}\n\nSecond {}\n\n"
        "$CATEGORY: KOM\n\nThird {}\n\n$CATEGORY:\n\nFourth {}"
    )
    assert [q.category for q in questions] == [
        None,
        "$course$/top/Waktu/ORH",
        "$course$/top/Waktu/ORH",
        "KOM",
        None,
    ]
    assert [q.text for q in questions] == ["Before", "First", "Second", "Third", "Fourth"]


@pytest.mark.parametrize(
    ("category", "code"),
    [
        ("$course$/top/Waktu/ORH", "ORH"),
        ("ORH", "ORH"),
        ("top/ ORH /", "ORH"),
        ("", None),
        (None, None),
    ],
)
def test_category_code(category: str | None, code: str | None) -> None:
    assert category_code(category) == code


@pytest.mark.parametrize(
    ("source", "fmt", "text"),
    [
        ("Q {}", "moodle", "Q"),
        ("[markdown]**Q** {}", "markdown", "**Q**"),
        ("[html]<b>Q</b> {}", "html", "<b>Q</b>"),
        ("[plain]Q < 1 {}", "plain", "Q < 1"),
        ("[moodle]Q {}", "moodle", "Q"),
        ("::t::[html] Q {}", "html", "Q"),
        ("[Note] Q {}", "moodle", "[Note] Q"),
    ],
)
def test_text_formats(source: str, fmt: str, text: str) -> None:
    q = parse_one(source)
    assert (q.text_format, q.text) == (fmt, text)


def test_format_prefix_on_answers_and_feedback_keeps_their_look() -> None:
    """A [plain] "fine" reads the same in HTML: its prefix just goes. **gf** in Markdown would
    not, so the question becomes HTML with that part rendered, as Moodle shows it."""
    q = parse_one("[html]Q {=[html]<b>x</b>#[plain]fine ~y ####[markdown]**gf**}")
    assert (q.text_format, q.answers[0].text, q.answers[0].feedback, q.general_feedback) == (
        "html",
        "<b>x</b>",
        "fine",
        "<p><strong>gf</strong></p>",
    )
    same = parse_one("[html]Q {=[html]<b>x</b>#[plain]fine ~y}")
    assert (same.text_format, same.answers[0].feedback) == ("html", "fine")


def test_multiline_question_and_lines() -> None:
    questions, _ = parse_gift(
        "\n\n::A::\nFirst line\n  second line {\n\t=yes\n\t~no\n}\n\n\nAnother {}\n"
    )
    assert [q.line for q in questions] == [3, 11]
    assert questions[0].text == "First line\nsecond line"


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        ("Q {=a ~b", 1, "tidak pernah ditutup"),
        ("Q\nmore {\n=a\n~b", 2, "tidak pernah ditutup"),
        ("Q =a ~b}", 1, "tanpa '{'"),
        ("Q {=a} and {=b}", 1, "hanya boleh memuat satu"),
        ("Q {=a {~b}}", 1, "di dalam blok jawaban"),
        ("::title Q {=a ~b}", 1, "judul"),
        ("Q {\n=a\n~%150%b\n}", 3, "bobot"),
        ("Q {\n=a\n~%abc%b\n}", 3, "bobot"),
        ("Q {=}", 1, "jawaban kosong"),
        ("Q {~only}", 1, "paling sedikit 2 jawaban"),
        ("Q {=%50%a =%50%b}", 1, "100%"),
        ("Q {\n=a -> 1\n=b 2\n}", 3, "tanpa '->'"),
        ("Q {=a -> 1}", 1, "paling sedikit 2 pasangan"),
        ("Q {=a -> 1 =b ->}", 1, "tanpa isi setelah"),
        ("Q {\n#\n=abc\n}", 3, "bukan angka"),
        ("Q {#5..1}", 1, "melebihi maksimumnya"),
        ("Q {#1..x}", 1, "dua angka"),
        ("Q {#5:-1}", 1, "toleransi"),
        ("Q {#}", 1, "tanpa angka"),
        ("Q {#=%50%5}", 1, "100%"),
        ("Q {#5 ~oops#fb}", 1, "'~' hanya boleh diikuti"),
        ("Q {just words}", 1, "tidak ada jawaban:"),
        ("Q {words ~a =b}", 1, "sebelum penanda jawaban pertama"),
        ("Q {=a ~}", 1, "jawaban kosong"),
    ],
)
def test_errors_name_their_line(source: str, line: int, message: str) -> None:
    questions, errors = parse_gift("First {}\n\n\n" + source)
    assert [q.text for q in questions] == ["First"]
    assert len(errors) == 1
    assert errors[0].line == line + 3
    assert type(errors[0].message) is str
    assert message in errors[0].message


def test_errors_do_not_drop_other_questions() -> None:
    questions, errors = parse_gift((DATA / "errors.gift").read_text(encoding="utf-8"))
    assert [q.title for q in questions] == ["ok1", "ok2", "ok3"]
    assert [e.line for e in errors] == [6, 12, 20]


@pytest.mark.parametrize(
    ("source", "answer_keys"),
    [
        ("Q {=a ~b}", ["text", "fraction", "feedback"]),
        ("Q {T}", ["text", "fraction", "feedback"]),
        ("Q {#1..2}", ["value", "tolerance", "min", "max", "fraction", "feedback"]),
        ("Q {=a -> 1 =b -> 2}", ["left", "right", "fraction", "feedback"]),
    ],
)
def test_question_to_dict_schema(source: str, answer_keys: list[str]) -> None:
    q = parse_one("::T::" + source)
    data = question_to_dict(q, "ORH")
    assert list(data) == [
        "type",
        "title",
        "text",
        "format",
        "competency",
        "answers",
        "general_feedback",
    ]
    assert data["competency"] == "ORH"
    assert all(list(answer) == answer_keys for answer in data["answers"])


def test_truefalse_dict() -> None:
    data = question_to_dict(parse_one("Q {F#no#yes}"), None)
    assert data["answers"] == [
        {"text": "true", "fraction": 0.0, "feedback": "no"},
        {"text": "false", "fraction": 1.0, "feedback": "yes"},
    ]


def test_a_tag_comment_pins_a_question_to_a_test_form_and_survives_writing():
    source = (
        "// Bank header: not a pin\n\n"
        "// [tag:form-B]\n::Pinned::Apa arti JP? {=Jam Pelajaran ~Jaminan Pegawai}\n\n"
        "// [tag:Form-A] [tag:form-B]\n::Both::Apa arti JP? {=Jam Pelajaran ~Jaminan Pegawai}\n\n"
        "::Free::Apa arti JP? {=Jam Pelajaran ~Jaminan Pegawai}\n"
    )
    questions, errors = parse_gift(source)
    assert not errors
    assert [q.form for q in questions] == ["B", None, None]
    written = to_gift([question_to_dict(q, "ORH") for q in questions])
    assert [q.form for q in parse_gift(written)[0]] == ["B", None, None]
