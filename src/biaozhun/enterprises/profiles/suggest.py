"""HS headings proposed for a product description (``LED路灯`` -> 9405 灯具及照明装置), and
the multilingual vectors of product descriptions that text matching compares with
notifications.

Suggestions are the classifier's HS headings (:mod:`biaozhun.core.classify`, any language the
embedding model reads: Chinese, English, French ...), each with its confidence and its name in
Chinese (:func:`biaozhun.core.classify.names.hs_zh`: the heading's own Chinese name, else its
chapter's, never English) and in English (HS 2022). They are proposals: only the codes the
enterprise confirms are stored (:func:`.services.add_described_product`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from biaozhun.common.filters import ListFilter, Text
from biaozhun.core import embedding
from biaozhun.core.classify import Item, get_classifier
from biaozhun.core.classify import names as hs_names

#: at most this many headings are proposed
LIMIT = 5
#: descriptions longer than this are cut (the form field's length)
MAX_TEXT = 200


class SuggestionQuery(ListFilter):
    """The query of the suggestion page partial and endpoint: ``text`` (the API's name) or
    ``description_zh`` (the product form's field, sent as the user types), at most 200
    characters (longer is a 400 ``bad_query``)."""

    text: Text = ""
    description_zh: Text = ""

    @property
    def description(self) -> str:
        return (self.text or self.description_zh).strip()


@dataclass(frozen=True)
class HsSuggestion:
    code: str  # HS 2022 heading, 4 digits
    name_zh: str
    name_en: str
    confidence: float  # the classifier's, 0-1
    reason_zh: str
    reason_en: str

    @property
    def percent(self) -> int:
        return round(self.confidence * 100)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def suggest_hs(text: str, limit: int = LIMIT) -> list[HsSuggestion]:
    """HS headings for a product description, best first (empty for a text without a
    letter). About 30-150 ms once the classifier is loaded (the first call loads it)."""
    clean = " ".join(text.split())[:MAX_TEXT]
    if not any(ch.isalpha() for ch in clean):
        return []
    result = get_classifier().classify(Item(text=clean))
    return [
        HsSuggestion(
            p.code,
            hs_names.hs_zh(p.code),
            hs_names.hs_en(p.code),
            round(p.confidence, 3),
            p.reason_zh,
            p.reason_en,
        )
        for p in result.hs_headings[:limit]
    ]


def description_vectors(texts: Sequence[str]) -> list[bytes]:
    """The stored form of each description's vector (384 float32 bytes, query kind, as
    ``ExportProduct.text_vector``); ``b""`` for all of them when the embedding model is not
    available on this machine (text matching is then off, codes still match)."""
    if not texts:
        return []
    if not embedding.available():
        return [b""] * len(texts)
    vecs = embedding.embed(list(texts), "query")
    return [row.astype(np.float32).tobytes() for row in vecs]


def vector_of(data: bytes | memoryview | None) -> np.ndarray | None:
    """The vector stored in ``ExportProduct.text_vector`` (None if empty or malformed)."""
    if not data:
        return None
    raw = bytes(data)
    if len(raw) != embedding.DIM * 4:
        return None
    return np.frombuffer(raw, dtype=np.float32)
