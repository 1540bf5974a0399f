import pytest

from pipelines.documents.text import (
    CACHED_CHARS,
    cache_short_texts,
    clean_line,
    content_hash,
    html_to_text,
    repair,
    split_bullets,
    tidy_block,
)


def test_repair_fixes_mojibake_and_bom():
    assert repair("\ufeffNaÃ¯ve Bayes") == "Naïve Bayes"
    assert repair("â€¢ Led a team") == "• Led a team"
    assert repair("Exprience - 6 monthsâ€“") == "Exprience - 6 months–"


def test_repair_leaves_clean_text_alone():
    text = "Café owner — 5 years, résumé attached"
    assert repair(text) == text


def test_clean_line_collapses_whitespace():
    assert clean_line("  Senior   Data\nScientist ") == "Senior Data Scientist"


def test_split_bullets_line_and_inline_markers():
    text = (
        "Skills * Programming Languages: Python (pandas), Sql. * Machine learning: Regression, SVM\n"
        "• Led a team of five engineers\n"
        "- short\n"
        "1. Built data pipelines in Spark\n"
        "A plain sentence without any marker at all"
    )
    assert split_bullets(text) == [
        "Programming Languages: Python (pandas), Sql.",
        "Machine learning: Regression, SVM",
        "Led a team of five engineers",
        "Built data pipelines in Spark",
    ]


def test_content_hash_ignores_case_and_spacing_only():
    assert content_hash("Data  Scientist\nPython") == content_hash("data scientist python")
    assert content_hash("Data Scientist") != content_hash("Data Scientists")


def test_html_to_text_drops_scripts_styles_and_comments_with_their_content():
    html = (
        "<p>Bake bread.</p><script type='text/javascript'>alert(1)</script><STYLE>p {color: red}</STYLE>"
        "<!-- tracking: <b>x</b> --><p>Early shifts.</p>"
    )
    assert tidy_block(html_to_text(html)) == "Bake bread.\nEarly shifts."


def test_html_to_text_keeps_list_items_as_bullets():
    text = tidy_block(html_to_text("<p>We hire.</p><ul><li>Build models</li><li>Ship &amp; test</li></ul>"))
    assert text == "We hire.\n\n• Build models\n• Ship & test"


def test_clean_line_decodes_complete_character_references_only():
    assert clean_line("Data Scientist &amp; Engineer &#8211; Remote") == "Data Scientist & Engineer – Remote"
    assert clean_line("Caf&eacute; Manager") == "Café Manager"
    assert clean_line("R&D and P&L Analyst, AT&T") == "R&D and P&L Analyst, AT&T"
    assert clean_line("Analyst &notreal;") == "Analyst &notreal;"


def _as_gbk(text: str) -> str:
    """What a Chinese-locale export writes: UTF-8 bytes decoded as GBK, a byte that pairs with nothing
    replaced."""
    return text.encode("utf-8").decode("gbk", errors="replace")


def test_utf8_read_as_gbk_is_repaired():
    assert repair("I鈥檓 a data engineer") == "I’m a data engineer"
    original = "I’m a “senior” engineer – café, naïve, Zoë • 5€ ™"
    garbled = _as_gbk(original)
    assert "鈥" in garbled and "茅" in garbled
    fixed = repair(garbled)
    # every character survives but those whose last byte the GBK decoding lost (kept as U+FFFD)
    assert "I’m" in fixed and "“senior" in fixed and "café, naïve, Zoë" in fixed
    assert "鈥" not in fixed and "茅" not in fixed


@pytest.mark.parametrize(
    "text",
    [
        "我是一名数据工程师，熟悉Python和SQL。",
        "茅台 陆家嘴 鈴木一郎 (Suzuki Ichiro), 5 years at 鈴木商事",
        "Data engineer, 北京 — 熟悉 Spark",
    ],
)
def test_real_chinese_is_left_alone(text):
    assert repair(text) == text.strip()


# Characters where the fast text functions could part from their plain definitions: every kind of
# space and line end, bullet markers, digits, mojibake lead and trail characters, a GBK sign.
_TRICKY = " \t\r\n\f\v\xa0\x85\x1c\u2003\u3000\ufeff*•·-–;,.)1aZÂÃâ€™©\x80鈥"


def _texts(seed: int, n: int = 3000) -> list[str]:
    import random

    rng = random.Random(seed)
    return ["".join(rng.choice(_TRICKY) for _ in range(rng.randrange(40))) for _ in range(n)]


def test_tidy_block_is_its_plain_definition():
    """Spaces and tabs collapsed by str.replace and a literal run, as the character class did."""
    import re

    def plain(value: str) -> str:
        lines = [line.strip() for line in re.sub(r"[ \t\r\f\v\u00a0]+", " ", repair(value)).split("\n")]
        return re.sub(r"\n\s*\n+", "\n\n", "\n".join(lines)).strip()

    for text in _texts(1):
        assert tidy_block(text) == plain(text), repr(text)


def test_split_bullets_is_its_plain_definition():
    """Lines with no inline marker skip the split, which would have left them whole."""
    from pipelines.documents.text import _INLINE_BULLET, _LINE_BULLET

    def plain(text: str) -> list[str]:
        bullets = []
        for line in text.split("\n"):
            starts_with_marker = bool(_LINE_BULLET.match(line))
            parts = _INLINE_BULLET.split(" " + line)
            if not starts_with_marker and len(parts) == 1:
                continue
            for part in parts if starts_with_marker else parts[1:]:
                item = _LINE_BULLET.sub("", part).strip(" \t-–;,")
                if len(item.split()) >= 1 and len(item) <= 500:
                    bullets.append(item)
        return bullets

    for text in _texts(2):
        assert split_bullets(text, min_words=1) == plain(text), repr(text)


def test_mojibake_tokens_found_from_token_starts_are_those_found_from_every_position():
    import re

    from pipelines.documents.text import _MOJIBAKE, _MOJIBAKE_TOKEN

    everywhere = re.compile(r"\S*(?:" + _MOJIBAKE.pattern + r")\S*")
    for text in _texts(3):
        assert [m.span() for m in _MOJIBAKE_TOKEN.finditer(text)] == [
            m.span() for m in everywhere.finditer(text)
        ], repr(text)


def test_the_dedup_form_is_its_plain_definition():
    """ASCII texts skip NFKC and casefold and collapse their spaces without a list of words."""
    import random
    import unicodedata

    from pipelines.documents.text import normalised_for_dedup

    rng = random.Random(5)
    ascii_texts = ["".join(rng.choice(" \t\n\r\v\f\x1c\x1f\x00aB.;") for _ in range(30)) for _ in range(3000)]
    for text in ascii_texts + _texts(6):
        assert normalised_for_dedup(text) == " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def test_a_text_cache_keeps_short_texts_and_computes_long_ones_each_time():
    computed: list[str | None] = []

    @cache_short_texts(maxsize=8)
    def length(text: str | None, unit: str | None) -> int:
        computed.append(text)
        return len(text or "")

    short, long = "$53K-$91K", "x" * (CACHED_CHARS + 1)
    assert [length(short, "USD"), length(short, "USD"), length(None, None)] == [9, 9, 0]
    assert computed == [short, None]  # the short text computed once
    assert [length(long, "USD"), length(long, "USD")] == [CACHED_CHARS + 1] * 2
    assert computed == [short, None, long, long]  # a long one is never kept
