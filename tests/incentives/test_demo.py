"""The demo applications load (idempotently) in different states, all labelled example."""

import io

import pytest

pytestmark = pytest.mark.django_db


def test_demo_applications(policies):
    from biaozhun.accounts.demo import load_demo_users
    from biaozhun.enterprises.demo import load_demo_enterprises
    from biaozhun.incentives.demo import load_demo_applications
    from biaozhun.incentives.models import Application, Payment

    out = io.StringIO()
    load_demo_users(out)
    load_demo_enterprises(out)
    load_demo_applications(out)
    states = dict(Application.objects.values_list("subject", "state"))
    assert set(states.values()) >= {"paid", "approved", "district_review", "submitted", "draft"}
    assert all(Application.objects.values_list("example", flat=True))
    assert all(2012 <= a.application_date.year <= 2015 for a in Application.objects.all())
    assert Payment.objects.count() == 1
    count = Application.objects.count()
    load_demo_applications(out)
    assert Application.objects.count() == count
