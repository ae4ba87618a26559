"""Text helpers of the classifier: normalising, the share of Chinese characters, stop words.

The stop words (English, French and Spanish function words and the boilerplate of standards'
titles and notifications) are in ``stopwords.txt`` beside this module, one a line.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

_SPACE = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u9fff]")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    path = Path(__file__).with_name("stopwords.txt")
    words = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(w for w in words if w and not w.startswith("#"))


def normalise(text: str) -> str:
    """NFKC, case-folded, one space between words (what "the same text" means)."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text or "")).strip().casefold()


def cjk_share(text: str) -> float:
    """Share of Chinese characters among the letters of ``text`` (0 when it has none)."""
    letters = _LETTER.findall(text or "")
    if not letters:
        return 0.0
    return sum(1 for ch in letters if _CJK.match(ch)) / len(letters)


def words(text: str) -> list[str]:
    """Latin-script words of two letters or more, without stop words (for reasons)."""
    stop = stopwords()
    return [w for w in _WORD.findall(normalise(text)) if w not in stop and not _CJK.search(w)]
