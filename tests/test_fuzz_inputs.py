"""Property tests (Hypothesis) of the readers, the number parser and the date parsers: any
input gives a document or a one-line error, a number or None, a real day or None; never an
exception. Brief in ``make test``, long in ``make fuzz`` (see tests/fuzz_support.py)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import fuzz_support  # noqa: F401  (loads the Hypothesis profile)
from veille.errors import ReadError
from veille.extract.dates import explicit_dates, lexicon, resolve_day
from veille.extract.numbers import parse_number
from veille.normalise import normalise, valid_published
from veille.read import RawDoc, iter_raw_docs
from veille.read.jsonl import read_jsonl
from veille.read.text import read_text

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
published = st.one_of(st.none(), st.text(max_size=12),
                      st.dates().map(dt.date.isoformat),
                      st.from_regex(r"\A\d{4}-\d{2}(-\d{2})?\Z"))  # fmt: skip


@given(st.binary(max_size=2000))
def test_jsonl_reader_never_raises_on_bytes(data: bytes) -> None:
    for item in read_jsonl(data, "fuzz.jsonl"):
        assert isinstance(item, RawDoc | ReadError)


@given(st.dictionaries(st.sampled_from(["id", "text", "published", "source", "url", "lang", "x"]),
                       json_values, max_size=6))  # fmt: skip
def test_jsonl_lines_of_any_shape_give_a_document_or_an_error(obj: dict) -> None:
    import json

    for item in read_jsonl(json.dumps(obj).encode(), "fuzz.jsonl"):
        assert isinstance(item, RawDoc | ReadError)
        if isinstance(item, RawDoc):
            article = normalise(item)  # a bad date never reaches the article
            assert article.published is None or valid_published(article.published)


@given(st.binary(max_size=3000), st.booleans())
def test_text_reader_gives_a_document_or_a_read_error(data: bytes, html: bool) -> None:
    try:
        doc = read_text(data, "fuzz.txt", "fuzz", html=html)
    except ReadError as err:
        assert "\n" not in str(err)
        return
    assert doc.text.strip()


@given(st.lists(st.tuples(st.sampled_from([".txt", ".jsonl", ".html", ".md"]), st.binary(max_size=600)),
                min_size=1, max_size=4))  # fmt: skip
def test_walking_a_directory_of_random_files_never_raises(files: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for i, (ext, data) in enumerate(files):
            (Path(tmp) / f"f{i}{ext}").write_bytes(data)
        for item in iter_raw_docs([tmp]):
            assert isinstance(item, RawDoc | ReadError)


@given(st.text(max_size=60), st.sampled_from(["fr", "en"]))
def test_number_parser_returns_a_count_or_none(text: str, lang: str) -> None:
    value = parse_number(text, lang)
    assert value is None or (isinstance(value, int) and value >= 0)


@given(st.integers(min_value=0, max_value=10**7))
def test_number_parser_reads_written_numbers(n: int) -> None:
    assert parse_number(str(n), "fr") == n
    assert parse_number(f"{n:,}", "en") == n
    assert parse_number(f"{n:,}".replace(",", " "), "fr") == n


@given(st.text(max_size=120), published, st.sampled_from(["fr", "en"]))
def test_date_parsers_give_real_days_or_nothing(text: str, pub: str | None, lang: str) -> None:
    for day in explicit_dates(text, pub, lang):
        assert isinstance(day, dt.date)
    mention = resolve_day(text, pub, lang)
    assert mention.date is None or dt.date.fromisoformat(mention.date)
    if pub is not None and valid_published(pub):
        dt.date.fromisoformat(pub if len(pub) == 10 else pub + "-01")


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)))
def test_written_french_and_english_dates_are_read_back(day: dt.date) -> None:
    fr = next(name for name, m in lexicon("fr").months.items() if m == day.month)
    en = next(name for name, m in lexicon("en").months.items() if m == day.month)  # full names first
    assert explicit_dates(f"Le {day.day} {fr} {day.year}, des frappes ont eu lieu.", None, "fr") == [day]
    assert explicit_dates(f"On {en.title()} {day.day}, {day.year}, strikes hit.", None, "en") == [day]
