"""The matching benchmark runs end to end on a small synthetic population (figures only; no
timing is asserted)."""


def test_bench_matching_smoke(monkeypatch):
    from biaozhun.bench import discover

    monkeypatch.setenv("BENCH_MATCHING_ENTERPRISES", "300")
    monkeypatch.setenv("BENCH_MATCHING_PRODUCTS", "3000")
    monkeypatch.setenv("BENCH_MATCHING_NOTIFICATIONS", "50")
    monkeypatch.setenv("BENCH_MATCHING_REMATCH", "60")
    figures = discover()["matching"]()
    assert figures["synthetic"] is True
    assert figures["enterprises"] == 300 and figures["product_lines"] == 3000
    assert figures["notifications_timed"] == 50 and figures["rematch_notifications"] == 60
    assert figures["hs_postings"] > 0 and figures["rematch_hits"] > 0
    for key in ("p50_ms", "p95_ms", "build_s", "rematch_s", "rss_with_index_mb"):
        assert figures[key] >= 0
