"""Take the README's screenshots: the main pages per role of a demo instance, in Chinese.

    .venv/bin/python scripts/screenshots.py            # set up a demo instance, serve, shoot
    .venv/bin/python scripts/screenshots.py --skip-setup --var-dir /tmp/shots

Sets up a demo instance (``biaozhun setup --demo``) in its own data directory (default
``var/screenshots``; the first run loads the reference catalogue and takes minutes, later runs
seconds), starts ``biaozhun serve`` on a free local port, signs in as each demo role with
Debian's Chromium through playwright (as ``tests/browser`` does) and saves each page at
1280×800 into ``docs/screenshots/<name>.png``, reduced to a 256-colour palette to keep the
repository small. Stops the server it started.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "biaozhun-demo-2026"
WIDTH, HEIGHT = 1280, 800


def _open_first(selector: str) -> Callable[[Any], None]:
    """A step that follows the first link matching ``selector`` on the page."""

    def step(page: Any) -> None:
        link = page.locator(selector).first
        link.click()
        page.wait_for_load_state("networkidle")

    return step


@dataclass(frozen=True)
class Shot:
    name: str  # docs/screenshots/<name>.png
    user: str  # demo login; "" for an anonymous visitor
    path: str
    then: Callable[[Any], None] | None = None  # a click to reach the page from ``path``
    caption: str = ""
    anchor: str = ""  # scroll this element to the top of the window


SHOTS = [
    Shot("public-portal", "", "/public/", caption="公众门户(匿名访问)"),
    Shot(
        "public-notification",
        "",
        "/public/notifications/",
        _open_first("[data-testid=public-notifications] a"),
        "公众门户:WTO 通报及中文摘要",
    ),
    Shot("bureau-home", "bureau", "/", caption="市局工作台:紧急事项、图表、指标"),
    Shot("programme", "bureau", "/programme/", caption="规划目标完成情况(全市)"),
    Shot(
        "programme-years",
        "bureau",
        "/programme/",
        caption="逐年累计完成情况:每个目标一张小图",
        anchor="[data-testid=chart-trend]",
    ),
    Shot(
        "programme-districts",
        "bureau",
        "/programme/",
        caption="各地区对目标的贡献",
        anchor="[data-testid=chart-districts]",
    ),
    Shot("programme-district", "baoying", "/programme/", caption="宝应县的规划页:本县的贡献"),
    Shot("quotas", "bureau", "/programme/quotas/", caption="目标分解到各地区"),
    Shot("alerts-desk", "bureau", "/alerts/desk/", caption="预警总览(TBT 咨询点)"),
    Shot("tbt-list", "bureau", "/tbt/", caption="WTO 通报列表"),
    Shot("enterprise-home", "fangzhi", "/", caption="企业工作台:红色预警与截止"),
    Shot(
        "enterprise-alert",
        "fangzhi",
        "/alerts/inbox/",
        _open_first("[data-testid=alert-table] tbody a"),
        "企业收到的预警:应做什么、何时截止",
    ),
    Shot(
        "validity-report",
        "dianlan",
        "/validity/check/",
        _open_first("[data-testid=check-history] tbody a"),
        "标准查新报告",
    ),
    Shot("catalogue-search", "dianlan", "/standards/?q=电缆", caption="标准检索(中文检索英文标题)"),
    Shot("expert-home", "expert", "/", caption="专家工作台"),
    Shot("incentives", "finance", "/incentives/", caption="激励申请(财政局)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server at {url} did not answer within {timeout:.0f} s")


def optimise(path: Path) -> None:
    """A 256-colour palette PNG: about a third of the size, the text as sharp."""
    from PIL import Image

    with Image.open(path) as image:
        reduced = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    reduced.save(path, optimize=True)


def shoot(base: str, out: Path, only: set[str]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        for user in dict.fromkeys(shot.user for shot in SHOTS):
            context = browser.new_context(
                locale="zh-CN", viewport={"width": WIDTH, "height": HEIGHT}
            )
            page = context.new_page()
            page.set_default_timeout(30000)
            if user:
                page.goto(f"{base}/accounts/login/")
                page.fill("#id_username", user)
                page.fill("#id_password", PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_load_state("networkidle")
            for shot in SHOTS:
                if shot.user != user or (only and shot.name not in only):
                    continue
                page.goto(base + shot.path)
                page.wait_for_load_state("networkidle")
                if shot.then is not None:
                    shot.then(page)
                page.wait_for_timeout(1200)  # let the charts finish their animation
                path = out / f"{shot.name}.png"
                clip = None
                if shot.anchor:  # the window's worth of page from the element down
                    top = page.locator(shot.anchor).evaluate(
                        "el => (el.closest('.card') || el).getBoundingClientRect().top + window.scrollY"
                    )
                    clip = {"x": 0, "y": max(0, top - 16), "width": WIDTH, "height": HEIGHT}
                page.screenshot(path=str(path), full_page=clip is not None, clip=clip)
                optimise(path)
                saved.append(path)
                print(f"{path}  {path.stat().st_size // 1024} KiB")
            context.close()
        browser.close()
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--var-dir", default=str(ROOT / "var" / "screenshots"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--skip-setup", action="store_true", help="the instance exists")
    parser.add_argument("--only", nargs="*", default=[], help="names of the shots to take")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Chromium not found at {CHROMIUM} (apt install chromium fonts-noto-cjk)")
    env = {**os.environ, "BIAOZHUN_VAR_DIR": args.var_dir}
    env.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    biaozhun = str(Path(sys.executable).parent / "biaozhun")
    if not args.skip_setup:
        subprocess.run([biaozhun, "setup", "--demo"], env=env, check=True, cwd=ROOT)
    port = free_port()
    server = subprocess.Popen(
        [biaozhun, "serve", "--host", "127.0.0.1", "--port", str(port)], env=env, cwd=ROOT
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base + "/public/")
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        shoot(base, out, set(args.only))
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
