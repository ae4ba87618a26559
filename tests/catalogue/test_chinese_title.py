"""The standard's page shows a Chinese title where one is known: its own (a national record),
else the title of a Chinese standard adopting it; and says when none is."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from biaozhun.catalogue.models import Standard
from biaozhun.catalogue.selectors import adoption_links, chinese_title


def _title_cell(page: str) -> str:
    start = page.index('data-testid="title-zh"')
    return page[start : page.index("</dd>", start)]


def test_own_adopted_and_missing_chinese_titles(
    catalogue: None, client: Any, bureau_user: Any
) -> None:
    client.force_login(bureau_user)
    gb = Standard.objects.get(canonical="GB/T 19001-2016")
    iso = Standard.objects.get(canonical="ISO 9001:2015")
    bare = Standard.objects.get(canonical="ISO 1003:2008")
    assert not iso.title_zh and not bare.title_zh

    assert gb.title_zh in _title_cell(client.get(f"/standards/{gb.pk}/").content.decode())

    title, link = chinese_title(iso, adoption_links(iso)[1])
    assert title == gb.title_zh and link is not None and link.standard == gb
    cell = _title_cell(client.get(f"/standards/{iso.pk}/").content.decode())
    assert gb.title_zh in cell and "GB/T 19001-2016" in cell and "IDT" in cell

    assert chinese_title(bare, adoption_links(bare)[1]) == ("", None)
    cell = _title_cell(client.get(f"/standards/{bare.pk}/").content.decode())
    assert "暂无中文标题" in cell and "No Chinese title" not in cell
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    cell = _title_cell(client.get(f"/standards/{bare.pk}/").content.decode())
    assert "No Chinese title known" in cell and "暂无" not in cell
