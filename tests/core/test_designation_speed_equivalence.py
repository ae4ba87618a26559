"""The parser's shortcuts give the results of the full path (designation speed-up).

``normalize`` skips NFKC, the character table and the space folding when they cannot change
the text, ``parse_international`` stops at the first character for the other families and
skips its tail grammar at the end of the text. Each shortcut rests on a fact about Unicode or
about a pattern; the tests check those facts over every code point, then parse a corpus sample
(real ISO/IEC/ETSI/CIE/OIML docids, messy variants of them, Chinese designations and junk)
with and without the shortcuts and require the same result, errors included.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import sys
import unicodedata
from pathlib import Path

import pytest

from biaozhun.core.designation import (
    Designation,
    DesignationError,
    _international,
    _normalize,
    _parse,
)

DATA = Path(__file__).resolve().parents[2] / "data"
DOCID_FILES = [
    DATA / "iso" / "relaton_iso_extract.jsonl.gz",
    DATA / "iec" / "relaton_iec_extract.jsonl.gz",
    DATA / "foreign" / "relaton_etsi_extract.jsonl.gz",
    DATA / "foreign" / "relaton_cie_extract.jsonl.gz",
    DATA / "foreign" / "relaton_oiml_extract.jsonl.gz",
]
CHINESE = [
    "GB/T 19001-2016", "GB 2762-2022", "DB32/T 1234-2020", "T/CAS 123-2021", "Q/JSL 001-2020",
    "JB/T 10001-2018", "GB/T 1.1-2020", "GBZ 2.1-2019", "GB 1234 2008", "GB/T 19001-20XX",
    "GB/T 19001-202X(征求意见稿)", "GB 2762-2017/XG1-2021", "GB 2762-2017（含第1号修改单）",
    "GB 2762-2017 修改单第1号", "GB/T 4208-2017 (IEC 60529:2013, IDT)", "GB/T 3100-93",
    "GB/T 2423.1-2008/IEC 60068-2-1:2007", "DB3210/T 12-2019", "DB99/T 1-2020", "CECS 102:2002",
    "JTG/T J21-01-2015", "Q/320000 JSL 001S-2020", "GB 2760-2014 食品安全国家标准 食品添加剂使用标准",
]  # fmt: skip
JUNK = [
    "说明:以下为引用标准", "XYZ-1", "", " ", "\t", "。", "ISO", "1234", "x" * 500, "ISO " + "1" * 1700,
    "ISO 9001:2015 ISO 14001:2015", "\u200bISO 9001:2015\ufeff", "ISO\u00a09001:2015", "ISO\x1c9001",
    "ISO\u30009001", "ISO 9001\u20442015", "ıso 9001", "İEC 60335-1", "ISO 9001:2015  A", "GB--1",
]  # fmt: skip
_FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}
SAMPLE_SIZE = 6000


def _docids(rng: random.Random, count: int) -> list[str]:
    """``count`` docids drawn from the reference extracts (only the drawn lines are decoded)."""
    lines: list[bytes] = []
    for path in DOCID_FILES:
        with gzip.open(path, "rb") as fh:
            lines.extend(fh.read().splitlines())
    return [json.loads(line)["docid"] for line in rng.sample(lines, count)]


def _variants(s: str) -> list[str]:
    return [
        s, s.lower(), s.translate(_FULL_WIDTH), s.replace(" ", ""), s.replace("-", "—"),
        s + "。", s + " 标准名称", "《" + s + "》", s.replace(" ", "  "),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    if not all(p.exists() for p in DOCID_FILES):
        pytest.skip("reference data not present")
    rng = random.Random(20240611)
    docids = [v for s in _docids(rng, SAMPLE_SIZE // 4) for v in _variants(s)]
    return rng.sample(docids, SAMPLE_SIZE) + [v for s in CHINESE + JUNK for v in _variants(s)]


def _reference_normalize(text: str) -> str:
    """``normalize`` with every step always run (the code before the shortcuts)."""
    t = unicodedata.normalize("NFKC", text).translate(_normalize._TRANSLATE)
    t = _normalize._SPACES_RE.sub(" ", t).strip()
    t = _normalize._DASH_RUN_RE.sub("-", t)
    changed = True
    while changed and t:
        changed = False
        if t[0] in _normalize._LEADING:
            t = t[1:].lstrip()
            changed = True
        if t and t[-1] in _normalize._TRAILING:
            t = t[:-1].rstrip()
            changed = True
    return t


class _Everything:
    """A stand-in for ``HEAD_FIRST`` that lets every input through to the full grammar."""

    def __contains__(self, item: object) -> bool:
        return True


def _outcome(text: str) -> Designation | tuple[str, str, str, tuple[str, ...]]:
    try:
        return _parse._parse_cached.__wrapped__(text)
    except DesignationError as exc:
        return (exc.code, exc.message_zh, exc.message_en, exc.candidates)


ALL_CHARS = [chr(c) for c in range(sys.maxunicode + 1)]


def test_ascii_is_nfkc_stable() -> None:
    ascii_chars = [chr(c) for c in range(128)]
    assert all(unicodedata.normalize("NFKC", c) == c for c in ascii_chars)
    # Composition joins adjacent characters only; no two ASCII characters compose.
    pairs = [a + b for a in ascii_chars for b in ascii_chars]
    assert all(unicodedata.normalize("NFKC", p) == p for p in pairs)


def test_translate_table_maps_only_non_ascii_and_its_pattern_finds_exactly_it() -> None:
    table = _normalize._TRANSLATE
    assert min(table) >= 128
    found = {ord(c) for c in ALL_CHARS if _normalize._TRANSLATE_RE.fullmatch(c)}
    assert found == set(table)


def test_printable_whitespace_is_only_the_space() -> None:
    assert [c for c in ALL_CHARS if c.isspace() and c.isprintable()] == [" "]


def test_regex_whitespace_is_str_whitespace() -> None:
    """``"".join(s.split())`` removes exactly what ``re.sub(r"\\s", "", s)`` removes."""
    ws = re.compile(r"\s")
    assert [c for c in ALL_CHARS if bool(ws.match(c)) != c.isspace()] == []


def test_head_first_characters() -> None:
    # HEAD_RE starts with ``CD `` or one of ISO/IEC/CISPR/IWA, matched case-insensitively.
    assert _international.HEAD_RE.pattern.startswith("(?P<pre>CD )?(?P<orgs>(?:ISO|IEC|CISPR|IWA)")
    first = re.compile("[CI]", re.I)
    assert {c for c in ALL_CHARS if first.match(c)} == set(_international.HEAD_FIRST)
    for c in _international.HEAD_FIRST:
        assert _international.HEAD_RE.match(c + "SO 1" if c in "Iiİı" else c + "D ISO 1")
    # The IEC report pattern is case-sensitive and starts with the literal ``IEC ``.
    assert _international._REPORT_RE.pattern.startswith("IEC ")
    assert not _international._REPORT_RE.flags & re.I


def test_tail_patterns_need_a_character(corpus: list[str]) -> None:
    tails = [
        _international._YEAR_RE, _international._CONS_RE, _international._SUFFIX_RE,
        _international._AMD_RE, _international._ED_RE, _international._SPACE_YEAR_RE,
    ]  # fmt: skip
    for text in corpus[:500]:
        t = _reference_normalize(text)
        assert all(p.match(t, len(t)) is None for p in tails)


def test_normalize_equals_the_full_path(corpus: list[str]) -> None:
    ascii_printable = "".join(chr(c) for c in range(32, 127))
    extra = [ascii_printable, "\t a \n\x0b b\x1c", "a\u3000\u3000b", "a--b", "—ＧＢ—"]
    for text in corpus + extra:
        assert _normalize.normalize(text) == _reference_normalize(text), text


def test_parse_equals_the_full_path(corpus: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    fast = [_outcome(s) for s in corpus]
    monkeypatch.setattr(_parse, "normalize", _reference_normalize)
    monkeypatch.setattr(_international, "HEAD_FIRST", _Everything())
    slow = [_outcome(s) for s in corpus]
    assert len(corpus) >= 5000
    assert sum(isinstance(r, Designation) for r in fast) > len(corpus) // 2
    mismatches = [(s, a, b) for s, a, b in zip(corpus, fast, slow, strict=True) if a != b]
    assert mismatches == []  # ``==`` on Designation compares every field
