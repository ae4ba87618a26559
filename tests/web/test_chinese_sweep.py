"""Every page, as every role, in Chinese mode, over the demo city: no English words, slugs, raw
keys, Python dicts or US dates leak into the Chinese interface (issue 16 §2).

The routes come from the URL resolver (``tests/hostile/walk.py``) and the data from the demo
city of ``tests/hostile/conftest.py``, so a page added later is swept without touching this file.
Two checks per page:

- ``LEAKS``: strings that must never be visible in Chinese mode (status slugs, raw audit keys,
  the empty choice label of Django/ninja forms, US-ordered dates, ...);
- labels (``th``, ``label``, ``button``, ``option``, ``a``, ``h1``-``h4``, ``.badge``) whose text
  is Latin-only, after removing what is legitimately Latin in a Chinese interface: standard
  designations (``ISO 9001``, ``GB/T 19001-2016``), codes (HS, ICS, WTO symbols), units, file
  formats and the proper names of ``ALLOWED_WORDS`` (documented below).

Data typed by users in a foreign language (a WTO notification's English title, an English
standard title shown beside the Chinese one) is not a label and is not checked, except where
a label shows it."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from tests.hostile.conftest import World, world  # noqa: F401  (the module-scoped demo city)
from tests.hostile.walk import Route, fillings, routes

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("hostile-pages")]

ROLES = ["anonymous", "admin", "bureau", "finance", "guangling", "expert", "enterprise", "pending"]

#: Visible text that must never appear in Chinese mode (case-sensitive regular expressions).
LEAKS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(pattern))
    for name, pattern in [
        ("role slug / English role", r"enterprise user|enterprise_user|bureau_admin|bureau_staff"),
        ("status word", r"\b(?:approved|rejected|pending|current|withdrawn|superseded)\b"),
        ("upper-case status", r"\b(?:REVISED|WITHDRAWN|CURRENT|ACTIVE|DRAFT)\b"),
        ("importer source", r"\(relaton\)|\brelaton\b"),
        ("Not applicable", r"Not applicable|\bN/A\b"),
        ("empty choice", r"Select an option|---------"),
        ("delivery counters", r"\bretry: ?\d|\bsent: ?\d"),
        ("US date", r"\b\d{2}/\d{2}/\d{4}\b"),
        ("hours without a value", r"— h\b"),
        ("raw audit key", r"\b[a-z_]+\.[a-z_]+_[a-z_]+\b"),
        ("Python dict", r"\{'[a-z_]+': "),
        ("Python value", r"\b(?:None|True|False)\b"),
    ]
]

#: Latin words a Chinese label may hold: standards bodies and designation prefixes, codes,
#: file formats, units and the platform's proper names. A word not listed here in a label with
#: no Chinese is a leak.
ALLOWED_WORDS = frozenset(
    [
        "ISO",
        "IEC",
        "ITU",
        "GB",
        "GB/T",
        "GB/Z",
        "DB",
        "DB32",
        "DB32/T",
        "T/",
        "QB",
        "JB",
        "HG",
        "YY",
        "SN",
        "SJ",
        "HJ",
        "EN",
        "BS",
        "DIN",
        "NF",
        "JIS",
        "ANSI",
        "ASTM",
        "UL",
        "IEEE",
        "ETSI",
        "CIE",
        "OIML",
        "CEN",
        "CENELEC",
        "CAC",
        "NIST",
        "ASME",
        "API",
        "SAE",
        "IPC",
        "CNS",
        "KS",
        "AS",
        "NZS",
        "HS",
        "ICS",
        "WTO",
        "TBT",
        "SPS",
        "CNCA",
        "CCC",
        "CE",
        "FDA",
        "RoHS",
        "REACH",
        "PDF",
        "Excel",
        "CSV",
        "XLSX",
        "XLS",
        "DOCX",
        "JSON",
        "XML",
        "HTML",
        "API",
        "URL",
        "ID",
        "SMS",
        "Email",
        "E-mail",
        "QR",
        "English",
        "English简体中文",
        "kg",
        "km",
        "m",
        "mm",
        "cm",
        "g",
        "t",
        "h",
        "min",
        "s",
        "ms",
        "MB",
        "KB",
        "GB%",
        "kWh",
        "biaozhun",
        "Tabler",
        "ECharts",
        "Yangzhou",
        "OK",
    ]
)

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z][A-Za-z/\-]*[A-Za-z]|[A-Za-z]")
#: designations and codes: letters followed by digits (ISO 9001, GB/T 19001-2016, G/TBT/N/EU/1,
#: HS 8504, 2026-04-10) are allowed as a whole.
_DESIGNATION = re.compile(r"\b[A-Z][A-Za-z/.\-]*\s?[\d][\w.:/\-]*")
_EMAIL_OR_URL = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")

LABEL_TAGS = {"th", "label", "button", "option", "a", "h1", "h2", "h3", "h4"}
#: not visible text, or data being edited (a form's English version of a policy text)
SKIP_TAGS = {"script", "style", "template", "code", "pre", "textarea"}


class _Text(HTMLParser):
    """The visible text of a page and the texts of its labels."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.labels: list[str] = []
        self._open: list[tuple[str, list[str]]] = []
        self._skip = 0
        self._lang_en = 0
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"br", "img", "input", "meta", "link", "hr", "wbr", "source"}:
            if tag == "input" and (dict(attrs).get("type") in {"submit", "button"}):
                value = dict(attrs).get("value") or ""
                self.labels.append(value)
            return
        a = {k: v or "" for k, v in attrs}
        self._stack.append(tag)
        if tag in SKIP_TAGS:
            self._skip += 1
        lang = a.get("lang", "")
        # English the page marks as such (lang="en"), and proper names the page marks as not
        # to be translated (translate="no": a foreign regulation's reference, "16 CFR Part
        # 1610")
        english_part = lang.startswith("en") or a.get("translate") == "no"
        self._lang_en += english_part
        self._stack[-1] = tag + ("|en" if english_part else "")
        classes = a.get("class", "").split()
        if tag in LABEL_TAGS or "badge" in classes:
            self._open.append((tag, []))
            self._stack[-1] += "|label"

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            top = self._stack.pop()
            name, *marks = top.split("|")
            if name in SKIP_TAGS:
                self._skip -= 1
            if "en" in marks:
                self._lang_en -= 1
            if "label" in marks and self._open:
                _, parts = self._open.pop()
                self.labels.append(" ".join("".join(parts).split()))
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._skip or self._lang_en:
            return
        self.text.append(data)
        for _, parts in self._open:
            parts.append(data)


def latin_only(label: str) -> bool:
    """A label with Latin words but no Chinese, once designations, codes and allowed words are
    taken out."""
    if not label or _CJK.search(label):
        return False
    rest = _EMAIL_OR_URL.sub(" ", label)
    rest = _DESIGNATION.sub(" ", rest)
    words = [w for w in _WORD.findall(rest) if w not in ALLOWED_WORDS and len(w) > 1]
    return bool(words)


def findings_of(html: str, where: str, slugs: Any = ()) -> list[str]:
    """What leaks on one page: ``LEAKS``, the industry ``slugs`` (``new-energy``) and
    Latin-only labels."""
    parser = _Text()
    with contextlib.suppress(Exception):
        parser.feed(html)
    found: list[str] = []
    text = " ".join(" ".join(parser.text).split())
    patterns = list(LEAKS)
    if slugs:
        alternatives = "|".join(re.escape(slug) for slug in slugs)
        patterns.append(("industry slug", re.compile(rf"(?<![\w/.-])(?:{alternatives})(?![\w/-])")))
    for name, pattern in patterns:
        for match in pattern.finditer(text):
            start = max(0, match.start() - 30)
            found.append(f"{where}: {name}: …{text[start : match.end() + 30]}…")
            break
    for label in parser.labels:
        if latin_only(label):
            found.append(f"{where}: Latin-only label: {label[:80]!r}")
    return found


def _slugs() -> dict[str, list[str]]:
    from biaozhun.incentives.views import FORMS
    from biaozhun.programme.registries import REGISTRIES

    return {"slug": sorted(REGISTRIES), "kind": sorted(FORMS)}


_HREF = re.compile(r"""<a\b[^>]*\bhref="(/[^"#?]*)""")


@dataclass
class Sweep:
    leaks: list[str]
    forbidden_links: list[str]


_SWEEP: dict[int, Sweep] = {}


def _sweep(world: World) -> Sweep:  # noqa: F811
    """Every route as every role, in Chinese (pages that are not HTML — files, feeds — are
    recognised by their content type), and then every link those pages show: a link the role
    follows into a 403 is a button that should not have been shown. Walked once per module."""
    if id(world) in _SWEEP:
        return _SWEEP[id(world)]
    from biaozhun.enterprises.models import Industry

    leaks: list[str] = []
    forbidden: list[str] = []
    slugs = _slugs()
    industry_slugs = [
        s for s in Industry.objects.values_list("slug", flat=True) if "-" in s or "_" in s
    ]
    assert industry_slugs, "the demo city has hyphenated industry slugs to look for"
    for role in ROLES:
        client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="zh-hans")
        if role != "anonymous":
            client.force_login(world.users[role])
        visited: set[str] = set()
        links: dict[str, str] = {}
        for route in routes():
            if route.name in {"logout", "set_language"}:
                continue
            for url in list(fillings(route, slugs))[:2]:
                visited.add(url)
                response = client.get(url, follow=False)
                if response.status_code >= 500:
                    leaks.append(f"{url} as {role}: answers {response.status_code}")
                if getattr(response, "streaming", False):
                    response.close()
                    continue
                if not response.get("Content-Type", "").startswith("text/html"):
                    continue
                body = response.content.decode("utf-8", "replace")
                leaks.extend(findings_of(body, f"{url} as {role}", industry_slugs))
                if response.status_code == 200:
                    for href in _HREF.findall(body):
                        links.setdefault(href, url)
        for href, source in sorted(links.items()):
            if href in visited or href.startswith(("/admin/", "/api/", "/static/", "/media/")):
                continue
            if href.startswith(("/accounts/logout", "/i18n/")):
                continue
            response = client.get(href, follow=False)
            if getattr(response, "streaming", False):
                response.close()
            if response.status_code == 403:
                forbidden.append(f"{source} as {role} links to {href}, which answers 403")
    _SWEEP[id(world)] = Sweep(_dedupe(leaks), forbidden)
    return _SWEEP[id(world)]


def _dedupe(found: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for item in found:
        key = item.split(": ", 1)[1]
        seen.setdefault(key, item)
    return list(seen.values())


def test_every_page_is_chinese_in_chinese_mode(world: World) -> None:  # noqa: F811
    found = _sweep(world).leaks
    assert not found, f"{len(found)} leaks:\n" + "\n".join(found[:300])


def test_no_page_shows_a_link_its_reader_may_not_follow(world: World) -> None:  # noqa: F811
    """Buttons and tabs that lead to 403 are shown only to roles that may act (issue 16 §3:
    finance's 批量导入 / 登记企业 on /enterprises/, the tabs of /consult/kb/)."""
    found = _sweep(world).forbidden_links
    assert not found, f"{len(found)} links into 403:\n" + "\n".join(found[:200])


@pytest.mark.parametrize(
    ("label", "leaks"),
    [
        ("企业用户", False),
        ("ISO 9001", False),
        ("GB/T 19001-2016", False),
        ("G/TBT/N/EU/1100", False),
        ("PDF", False),
        ("English", False),
        ("enterprise user", True),
        ("new-energy", True),
        ("- Select an option -", True),
        ("approved", True),
        ("ISO (relaton)", True),
    ],
)
def test_latin_only_labels_are_told_apart(label: str, leaks: bool) -> None:
    assert latin_only(label) is leaks


def test_leaks_are_found_in_visible_text_only() -> None:
    html = (
        "<h1>审计</h1><p>notification.endpoint_remove {'a': 1}</p><td>10/04/2026</td>"
        "<script>var x = 'approved';</script><span lang='en'>approved</span>"
        "<td>新能源 new-energy</td><td>renewable-new-energy-x</td>"
    )
    found = findings_of(html, "/x/", ["new-energy"])
    kinds = {item.split(": ")[1] for item in found}
    assert kinds == {"raw audit key", "Python dict", "US date", "industry slug"}


def test_routes_are_swept() -> None:
    assert any(isinstance(route, Route) and route.name == "home" for route in routes())
