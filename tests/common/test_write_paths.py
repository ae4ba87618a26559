"""Each write path validates in its service, so the API refuses what the forms refuse, and a
refused request stores nothing (issue 15 §2, §8)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from biaozhun.accounts.models import AuditEvent
from biaozhun.common.errors import DomainError

pytestmark = pytest.mark.django_db


def _patch(client, url: str, body: dict) -> object:
    return client.patch(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    "body",
    [
        {"address": "扬" * 50_000},
        {"address": "a\x00b"},
        {"website": "javascript:alert(1)"},
        {"name_en": "x\x1by"},
    ],
)
def test_enterprise_api_refuses_what_the_form_refuses(client, make_enterprise, bureau_user, body):
    enterprise = make_enterprise("校验企业", address="原地址", website="https://a.example")
    audits = AuditEvent.objects.count()
    client.force_login(bureau_user)
    response = _patch(client, f"/api/enterprises/{enterprise.pk}", body)
    assert response.status_code in (400, 422)
    if response.status_code == 400:
        payload = response.json()
        assert payload["message_zh"] and payload["message_en"]
        assert payload["details"]["field"] == next(iter(body))
    enterprise.refresh_from_db()
    assert (enterprise.address, enterprise.website, enterprise.name_en) == (
        "原地址",
        "https://a.example",
        "",
    )
    assert AuditEvent.objects.count() == audits


def test_enterprise_service_refuses_a_long_address(make_enterprise, bureau_user):
    from biaozhun.enterprises.services import update_enterprise

    enterprise = make_enterprise("服务校验")
    with pytest.raises(DomainError) as caught:
        update_enterprise(bureau_user, enterprise, {"address": "x" * 301})
    assert caught.value.details["field"] == "address"
    enterprise.refresh_from_db()
    assert enterprise.address == ""


def test_enterprise_api_accepts_good_values(client, make_enterprise, bureau_user):
    enterprise = make_enterprise("正常企业")
    client.force_login(bureau_user)
    response = _patch(
        client,
        f"/api/enterprises/{enterprise.pk}",
        {"address": "扬州市", "website": "https://ok.example"},
    )
    assert response.status_code == 200
    enterprise.refresh_from_db()
    assert (enterprise.address, enterprise.website) == ("扬州市", "https://ok.example")


def test_regulation_url_must_be_http(bureau_user):
    from biaozhun.consult.models import TechnicalRegulation
    from biaozhun.consult.regulations.services import RegulationData, save_regulation

    with pytest.raises(DomainError) as caught:
        save_regulation(
            bureau_user,
            RegulationData(market="EU", reference="R-JS", title="t", url="javascript:alert(1)"),
        )
    assert caught.value.details["field"] == "url"
    assert not TechnicalRegulation.objects.filter(reference="R-JS").exists()


def test_budget_amount_and_note_are_bounded(make_user):
    from biaozhun.incentives.budgets import set_budget
    from biaozhun.incentives.models import Budget
    from biaozhun.incentives.policies import city_payer_code

    bureau = make_user("bureau_admin", "budget-admin")
    for kwargs in ({"amount": 10**20}, {"amount": 1, "note": "a\x00"}, {"year": 99999}):
        values = {"year": 2025, "amount": 1000, **kwargs}
        with pytest.raises(DomainError):
            set_budget(bureau, payer_code=city_payer_code(), **values)
    assert not Budget.objects.exists()


def test_watch_list_refuses_nul(make_enterprise, enterprise_user):
    from biaozhun.validity.models import WatchedStandard
    from biaozhun.validity.services import add_watched

    enterprise = make_enterprise("关注企业")
    user = enterprise_user(enterprise)
    with pytest.raises(DomainError):
        add_watched(user, enterprise, "GB/T 19001-2016", note="a\x00b")
    with pytest.raises(DomainError):
        add_watched(user, enterprise, "GB/T 19001\x00-2016")
    assert not WatchedStandard.objects.exists()


def test_endpoint_label_and_target_are_checked(make_enterprise, enterprise_user):
    from biaozhun.notify.models import ChannelEndpoint
    from biaozhun.notify.preferences import add_endpoint

    user = enterprise_user(make_enterprise("渠道企业"))
    with pytest.raises(DomainError) as caught:
        add_endpoint(user, kind="wecom", target="k" * 600)
    assert caught.value.details["field"] == "target"
    with pytest.raises(DomainError):
        add_endpoint(user, kind="wecom", target="https://qyapi.weixin.qq.com/x", label="\x00")
    assert not ChannelEndpoint.objects.exists()


def test_registry_record_text_and_numbers(make_user, district):
    from biaozhun.programme.models import DemonstrationSite
    from biaozhun.programme.registries import REGISTRIES
    from biaozhun.programme.services import save_record

    bureau = make_user("bureau_admin", "reg-admin")
    registry = REGISTRIES["sites"]
    base = {
        "kind": DemonstrationSite._meta.get_field("kind").choices[0][0],
        "name": "示范点",
        "district": district("广陵区"),
        "approved_on": date(2020, 1, 1),
    }
    with pytest.raises(DomainError) as caught:
        save_record(bureau, registry, None, {**base, "name": "a\x00b"})
    assert caught.value.details["field"] == "name"
    assert not DemonstrationSite.objects.exists()
