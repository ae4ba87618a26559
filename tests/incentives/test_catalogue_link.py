"""A drafting application for a standard the catalogue has takes the catalogue's facts (level,
title, publication, the enterprise's rank among the drafters) over what was typed."""

import datetime as dt

import pytest

from .conftest import drafting_facts

pytestmark = pytest.mark.django_db


@pytest.fixture
def standard(db):
    from biaozhun.catalogue.models import Standard

    return Standard.objects.create(
        canonical="DB32/T 7777-2014",
        key="DB32/T 7777",
        level="local",
        title_zh="示例地方标准(虚构)",
        published_on=dt.date(2014, 1, 5),
        status="current",
    )


def test_catalogue_facts_win(urban, apply, standard):
    from biaozhun.catalogue.models import DraftingOrganisation

    DraftingOrganisation.objects.create(
        standard=standard, enterprise=urban, name=urban.name_zh, rank=2
    )
    typed = drafting_facts(
        "DB32/T 7777—2014",
        level="national",
        approved=False,
        published=False,
        drafting={"proposer": True, "rank": 1},
    )
    typed["standard"].pop("publish_date")
    app = apply(urban, facts=typed)
    assert app.standard == standard
    s = app.facts["standard"]
    assert s["designation"] == "DB32/T 7777-2014" and s["level"] == "provincial_local"
    assert s["published"] and s["approved"] and s["publish_date"] == "2014-01-05"
    assert s["title"] == "示例地方标准(虚构)"
    assert app.facts["drafting"]["rank"] == 2
    assert app.eligible and app.computed_amount == 50000


def test_unknown_standard_keeps_the_typed_facts(urban, apply, standard):
    app = apply(urban)
    assert app.standard is None and app.facts["standard"]["designation"] == "GB/T 99999-2013"
