"""The catalogue's pages in Chinese only (issue 16 §2): the source's status word ("REVISED")
and the importer's name ("ISO (relaton)") in Chinese; the ICS facet by its Chinese field
name."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from tests.validity.conftest import make_standard

pytestmark = pytest.mark.django_db


def test_source_status_words_in_chinese():
    html = Template("{% load catalogue_tags %}{{ s|source_status }}")
    with translation.override("zh-hans"):
        assert html.render(Context({"s": "REVISED"})) == "已修订"
        assert html.render(Context({"s": "95.99"})) == "95.99"
        assert html.render(Context({"s": "被代替"})) == "被代替"
        assert html.render(Context({"s": "SOMETHING ODD"})) == ""
    with translation.override("en"):
        assert html.render(Context({"s": "REVISED"})) == "revised"
        assert html.render(Context({"s": "SOMETHING ODD"})) == "SOMETHING ODD"


def test_a_standard_page_has_no_english_source_words(client, bureau_user):
    s = make_standard(
        "IEC 60038:2009", "replaced", source="iec", source_status="REVISED", ics_codes=["29.020"]
    )
    client.force_login(bureau_user)
    page = client.get(reverse("catalogue:detail", args=[s.pk])).content.decode()
    assert "来源状态 已修订" in page and "REVISED" not in page
    assert "relaton" not in page
    with translation.override("zh-hans"):
        assert str(s.get_source_display()) == "IEC 国际标准目录"


def test_the_ics_facet_names_fields_in_chinese(client, bureau_user):
    make_standard("GB/T 1-2020", "current", ics_codes=["29.020"], ics_fields="29")
    client.force_login(bureau_user)
    page = client.get(reverse("catalogue:search")).content.decode()
    assert "29 电气工程" in page and "Electrical engineering" not in page
