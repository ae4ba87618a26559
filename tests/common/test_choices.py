"""Choice labels in one language at a time (issue 16 §2): "已通过 approved" is 已通过 in
Chinese, approved in English, and stays the one string the migrations record."""

from __future__ import annotations

import pickle

import pytest
from django.db.migrations.writer import MigrationWriter
from django.template import Context, Template
from django.utils import translation

from biaozhun.common.choices import BiLabel, split_label

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("已通过 approved", ("已通过", "approved")),
        ("质监局 / 市场监管局 bureau", ("质监局 / 市场监管局", "bureau")),
        (
            "市创新型(试点)企业 innovative (pilot) enterprise",
            ("市创新型(试点)企业", "innovative (pilot) enterprise"),
        ),
        ("世界标准日 World Standards Day", ("世界标准日", "World Standards Day")),
        ("ISO (relaton)", None),
        ("已通过", None),
        ("approved", None),
    ],
)
def test_split_label(text, pair):
    assert split_label(text) == pair


def test_model_choices_print_in_the_active_language():
    from biaozhun.accounts.models import User
    from biaozhun.enterprises.models import Enterprise

    e = Enterprise(status="approved")
    u = User(role="enterprise_user")
    with translation.override("zh-hans"):
        assert e.get_status_display() == "已通过 approved"  # the string itself is unchanged
        assert str(e.get_status_display()) == "已通过"
        assert f"{u.get_role_display()}" == "企业用户"
        assert Template("{{ u.get_role_display }}").render(Context({"u": u})) == "企业用户"
        assert "%s" % Enterprise.Status.APPROVED.label == "已通过"  # noqa: UP031  (gettext style)
    with translation.override("en"):
        assert Template("{{ e.get_status_display }}").render(Context({"e": e})) == "approved"
        assert str(Enterprise.Status.PENDING.label) == "pending"


def test_form_options_and_the_empty_choice_are_chinese(yangzhou):
    from django.db.models.utils import get_blank_choice_label

    from biaozhun.enterprises.forms import EnterpriseForm

    with translation.override("zh-hans"):
        html = str(EnterpriseForm()["district"])
        assert "Select an option" not in html and "— 请选择 —" in html
        assert str(get_blank_choice_label()) == "— 请选择 —"
    with translation.override("en"):
        assert str(get_blank_choice_label()) == "— Select —"


def test_a_label_survives_pickling_and_migrations_see_no_change():
    from biaozhun.enterprises.models import Enterprise

    label = Enterprise.Status.APPROVED.label
    assert isinstance(label, BiLabel)
    copy = pickle.loads(pickle.dumps(label))
    assert (copy.zh, copy.en, str.__str__(copy)) == ("已通过", "approved", "已通过 approved")
    field = Enterprise._meta.get_field("status")
    serialized, _ = MigrationWriter.serialize(field)
    assert "'已通过 approved'" in serialized
