"""The demo data (示例) gives the dashboard real computed numbers and loads idempotently."""

import io
from datetime import date
from decimal import Decimal

import pytest

from biaozhun.programme.models import DemonstrationSite, Task
from biaozhun.programme.progress import programme_progress

pytestmark = pytest.mark.django_db


def test_demo_loads_once_and_every_target_has_a_value(yangzhou):
    from biaozhun.accounts.demo import load_demo_users
    from biaozhun.enterprises.demo import load_demo_enterprises
    from biaozhun.programme.demo import load_demo_programme
    from biaozhun.programme.models import Programme

    out = io.StringIO()
    load_demo_users(out)
    load_demo_enterprises(out)
    load_demo_programme(out)
    sites = DemonstrationSite.objects.count()
    load_demo_programme(out)
    # 44 approved sites and 2 newly declared ones (申报, not counted)
    assert DemonstrationSite.objects.count() == sites == 46
    assert all("示例" in site.name for site in DemonstrationSite.objects.all())
    progress = programme_progress(Programme.objects.get(), as_of=date(2016, 1, 1))
    values = {p.target.key: p.value for p in progress}
    assert all(value > 0 for value in values.values()), values
    # 380 demo adoptions, every third NEQ: 254 IDT/MOD count, the 126 NEQ are shown apart
    assert values["adoptions"] == 254 and values["national-committees"] == 4
    # 5 of the 6 leading agricultural enterprises produce to standards in 2015, 1 in 2011
    share = next(p for p in progress if p.target.key == "leading-agri-standardised")
    assert share.per_year[2011] == Decimal("16.7") and share.value == Decimal("83.3")
    assert {p.status for p in progress} >= {"achieved", "missed"}  # the period is over
    assert Task.objects.filter(status="open", deadline__lt=date.today()).exists()


def test_demo_seed_work_loads_once(yangzhou):
    from biaozhun.accounts.demo import load_demo_users
    from biaozhun.enterprises.demo import load_demo_enterprises
    from biaozhun.programme.demo import load_demo_programme
    from biaozhun.programme.models import (
        CommitteeMembership,
        DraftedStandard,
        GroupMeeting,
        PatentDeclaration,
        TechnicalCommittee,
        TrainingSignup,
    )

    out = io.StringIO()
    load_demo_users(out)
    load_demo_enterprises(out)
    load_demo_programme(out)
    counts = (CommitteeMembership.objects.count(), GroupMeeting.objects.count())
    load_demo_programme(out)
    assert (CommitteeMembership.objects.count(), GroupMeeting.objects.count()) == counts
    milestone = DraftedStandard.objects.get(designation="DB32/T 2100-2012")
    assert "道路照明用LED灯具" in milestone.title and "示例" in milestone.title
    assert [s.level for s in milestone.path_upward()] == ["enterprise", "local"]
    assert set(TechnicalCommittee.objects.values_list("status", flat=True)) == {
        "approved",
        "applied",
        "publicised",
        "refused",
    }
    assert set(PatentDeclaration.objects.values_list("office", flat=True)) >= {
        "CN",
        "US",
        "EP",
        "WO",
    }
    for patent in PatentDeclaration.objects.all():
        patent.full_clean()  # every demo number passes the format and check-digit rules
    assert Task.objects.filter(decision__isnull=False).exists()
    assert TrainingSignup.objects.filter(status="active").exists()
    assert DemonstrationSite.objects.filter(status="declared").count() == 2
