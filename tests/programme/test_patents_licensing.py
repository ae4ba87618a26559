"""Patents in standards: the licensing commitment and foreign patent numbers."""

from datetime import date

import pytest

from biaozhun.common.errors import DomainError
from biaozhun.programme.importers import import_registry
from biaozhun.programme.models import PatentDeclaration
from biaozhun.programme.registries import REGISTRIES

pytestmark = pytest.mark.django_db


@pytest.fixture
def holder(make_enterprise):
    return make_enterprise("扬州测试专利有限公司", "邗江区")


@pytest.mark.parametrize(
    ("number", "office", "canonical"),
    [
        ("US 7,654,321 B2", "US", "US7654321B2"),
        ("EP 1 234 567 B1", "EP", "EP1234567B1"),
        ("WO 2011/123456 A1", "WO", "WO2011123456A1"),
        ("JP2011-123456A", "JP", "JP2011123456A"),
        ("ZL200310102344.5", "CN", "ZL200310102344.5"),
    ],
)
def test_foreign_numbers_are_stored_canonical_with_the_office(
    record, holder, number, office, canonical
):
    patent = record(
        "patents",
        patent_number=number,
        title="散热结构",
        enterprise=holder,
        holder=holder.name_zh,
        designation="GB/T 24907-2010",
        declared_on=date(2012, 1, 1),
        licensing="frand",
    )
    assert (patent.patent_number, patent.office, patent.licensing) == (canonical, office, "frand")


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("US12", "bad_patent_number"),
        ("ZL200310102344.4", "bad_check_digit"),
        ("XX999999", "unknown_office"),
        ("EP\x00123", "bad_patent_number"),
    ],
)
def test_malformed_numbers_are_refused_and_nothing_is_stored(record, holder, number, code):
    with pytest.raises(DomainError) as caught:
        record(
            "patents",
            patent_number=number,
            title="x",
            enterprise=holder,
            holder="x",
            designation="GB/T 24907-2010",
            declared_on=date(2012, 1, 1),
        )
    assert caught.value.message_zh and caught.value.message_en
    assert caught.value.details.get("field") == "patent_number"
    assert not PatentDeclaration.objects.exists()


def test_licensing_defaults_to_no_statement_and_refuses_unknown_values(client, holder, bureau_user):
    client.force_login(bureau_user)
    base = {
        "patent_number": "US7654321B2",
        "title": "x",
        "enterprise": holder.pk,
        "holder": "x",
        "designation": "GB/T 24907-2010",
        "declared_on": "2012-01-01",
    }
    bad = client.post(
        "/api/programme/registries/patents",
        {**base, "licensing": "maybe"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["details"]["field"] == "licensing"
    assert not PatentDeclaration.objects.exists()
    good = client.post("/api/programme/registries/patents", base, content_type="application/json")
    assert good.status_code == 201
    assert good.json()["fields"]["licensing"] == "pending"
    assert good.json()["fields"]["office"] == "US"


def test_import_matches_a_foreign_number_written_differently(holder, bureau_user):
    csv = (
        "专利号,专利名称,专利权人(企业),专利权人,地区,所涉标准,披露日期,许可声明\n"
        f'"US 7,654,321 B2",散热,{holder.name_zh},甲,,GB/T 24907-2010,2012-01-01,FRAND\n'
    ).encode()
    first = import_registry(bureau_user, REGISTRIES["patents"], csv, "p.csv")
    assert first.created == 1, first.errors
    again = (
        "专利号,专利名称,专利权人(企业),专利权人,地区,所涉标准,披露日期,许可声明\n"
        f"US7654321B2,散热,{holder.name_zh},甲,,GB/T 24907-2010,2012-01-01,免费许可\n"
    ).encode()
    second = import_registry(bureau_user, REGISTRIES["patents"], again, "p.csv")
    assert (second.created, second.updated) == (0, 1), second.errors
    assert PatentDeclaration.objects.get().licensing == "free"
