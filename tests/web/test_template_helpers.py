"""The template helpers that pages render a row at a time with (issue 19 §2): the same text as
Django's own ways, for every URL of the platform and any value."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import QueryDict
from django.template import Context, RequestContext, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from biaozhun.common.reversing import fast_reverse
from biaozhun.web.context import QueryValues, query_values


def _named_routes() -> list[tuple[str, int]]:
    """Every named URL of the project with the number of its positional arguments."""
    routes: list[tuple[str, int]] = []

    def walk(resolver: Any, prefix: str) -> None:
        for key, possibilities in resolver.reverse_dict.lists():
            if not isinstance(key, str):
                continue
            for _bits, _pattern, _defaults, _converters in possibilities:
                for _result, params in _bits:
                    routes.append((prefix + key, len(params)))
        for namespace, (_prefix, sub) in resolver.namespace_dict.items():
            walk(sub, f"{prefix}{namespace}:")

    walk(get_resolver(), "")
    return sorted(set(routes))


ROUTES = _named_routes()


def test_the_walk_finds_the_platform_s_pages() -> None:
    names = {name for name, _count in ROUTES}
    assert {"home", "catalogue:detail", "alerts:alert", "tbt:detail"} <= names
    assert len(ROUTES) > 100


@pytest.mark.parametrize(("name", "count"), ROUTES)
def test_fast_reverse_gives_what_reverse_gives_for_every_route(name: str, count: int) -> None:
    for args in ([0] * count, [7] * count, list(range(3, 3 + count)), [10**17 + 5] * count):
        try:
            expected = reverse(name, args=args)
        except NoReverseMatch:
            with pytest.raises(NoReverseMatch):
                fast_reverse(name, args)
            continue
        assert fast_reverse(name, args) == expected
        assert fast_reverse(name, args) == expected  # the second time from the kept shape


@settings(max_examples=300, deadline=None)
@given(
    value=st.one_of(
        st.integers(min_value=-(10**20), max_value=10**20),
        st.booleans(),
        st.text(max_size=12),
        st.floats(allow_nan=False),
    )
)
def test_fast_reverse_answers_any_value_as_reverse_does(value: Any) -> None:
    for name in ("catalogue:detail", "alerts:alert", "enterprises:detail"):
        try:
            expected = reverse(name, args=[value])
        except NoReverseMatch:
            with pytest.raises(NoReverseMatch):
                fast_reverse(name, [value])
        else:
            assert fast_reverse(name, [value]) == expected


def test_fast_reverse_follows_the_script_prefix() -> None:
    from django.urls import set_script_prefix

    plain = fast_reverse("catalogue:detail", [12])
    set_script_prefix("/city/")
    try:
        assert fast_reverse("catalogue:detail", [12]) == "/city" + plain
        assert fast_reverse("catalogue:detail", [12]) == reverse("catalogue:detail", args=[12])
    finally:
        set_script_prefix("/")
    assert fast_reverse("catalogue:detail", [12]) == plain


def test_the_url_tag_renders_what_django_s_did() -> None:
    template = Template(
        '{% for i in ids %}<a href="{% url "catalogue:detail" i %}">{% endfor %}'
        '{% url "home" %}|{% url "alerts:alert" 5 as link %}[{{ link }}]'
        '{% url "no:such" 1 as missing %}[{{ missing }}]'
    )
    html = template.render(Context({"ids": [1, 22, 333]}))
    assert html == (
        "".join(f'<a href="{reverse("catalogue:detail", args=[i])}">' for i in (1, 22, 333))
        + f"{reverse('home')}|[{reverse('alerts:alert', args=[5])}][]"
    )
    with pytest.raises(NoReverseMatch):
        Template('{% url "catalogue:detail" "not-a-number" %}').render(Context())
    # keyword arguments go to Django's own rendering
    kw = Template('{% url "catalogue:detail" pk=9 %}').render(Context())
    assert kw == reverse("catalogue:detail", kwargs={"pk": 9})


def test_bi_tag_picks_the_language_and_escapes_values() -> None:
    template = Template(
        '{% bi "企业" "Enterprises" %}|{% bi zh en %}|{% bi "天" "days" as unit %}[{{ unit }}]'
    )
    context = {"zh": "<b>中</b>", "en": "<b>en</b>"}
    with translation.override("zh-hans"):
        assert template.render(Context(context)) == "企业|&lt;b&gt;中&lt;/b&gt;|[天]"
    with translation.override("en"):
        assert template.render(Context(context)) == "Enterprises|&lt;b&gt;en&lt;/b&gt;|[days]"
    with pytest.raises(TemplateSyntaxError):
        Template('{% bi "only one" %}')


def test_options_marks_the_chosen_one_and_escapes() -> None:
    class Record:
        def __init__(self, code: str, zh: str, en: str) -> None:
            self.code, self.name_zh, self.name_en = code, zh, en

    records = [Record("US", "美国", "United States"), Record('"X"', "<i>", "<i>")]
    template = Template("{% options records GET.member coded=True %}|{% options pairs chosen %}")
    with translation.override("zh-hans"):
        html = template.render(
            Context(
                {
                    "records": records,
                    "GET": QueryValues(member="US"),
                    "pairs": [("a", "甲"), ("b", "乙<")],
                    "chosen": "b",
                }
            )
        )
    assert html == (
        '<option value="US" selected>US 美国</option>'
        '<option value="&quot;X&quot;">&quot;X&quot; &lt;i&gt;</option>|'
        '<option value="a">甲</option><option value="b" selected>乙&lt;</option>'
    )
    # nothing chosen: no option is marked, even one whose value is empty
    assert "selected" not in Template("{% options pairs '' %}").render(
        Context({"pairs": [("", "—"), ("a", "甲")]})
    )


@settings(max_examples=200, deadline=None)
@given(
    query=st.lists(st.tuples(st.sampled_from(["q", "state", "x"]), st.text(max_size=8)), max_size=6)
)
def test_query_values_read_as_request_get_does(query: list[tuple[str, str]]) -> None:
    params = QueryDict(mutable=True)
    for key, value in query:
        params.appendlist(key, value)
    request = RequestFactory().get("/", data=params)
    values = query_values(request)["GET"]
    template = "{{ request.GET.q }}|{{ request.GET.state }}|{{ request.GET.absent }}"
    fast = "{{ GET.q }}|{{ GET.state }}|{{ GET.absent }}"
    assert Template(fast).render(Context({"GET": values})) == Template(template).render(
        RequestContext(request, {})
    )
