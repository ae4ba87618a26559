"""Moving around through the main navigation, whose pages sit in dropdown menus."""

from __future__ import annotations

import re
from typing import Any


def nav_text(page: Any) -> str:
    """Every page label in the navigation, including those in closed menus."""
    return str(page.locator("[data-testid=main-nav]").text_content())


def go(page: Any, label: str) -> None:
    """Open the page ``label`` as a user would: open its menu if it is in one, click it."""
    nav = page.locator("[data-testid=main-nav]")
    exact = re.compile(rf"^\s*{re.escape(label)}\s*$")
    item = page.locator("[data-nav-item]").filter(has_text=exact)  # relative, for has=
    link = nav.locator("[data-nav-item]").filter(has_text=exact)
    if not link.is_visible():
        nav.locator("[data-nav-group]").filter(has=item).locator(".dropdown-toggle").click()
    link.click()
    page.wait_for_load_state("networkidle")
