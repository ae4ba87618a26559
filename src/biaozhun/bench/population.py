"""Synthetic populations for the benchmarks: export profiles (ids ``SYN-000001`` ...) and TBT
notifications drawn from real HS and ICS codes, as :mod:`biaozhun.core.matching` takes them.

Pure functions of their arguments (seeded); no Django. They were in ``core.matching``; only the
benchmarks and their tests use them.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from biaozhun.core.codes import CodeError, normalize_hs
from biaozhun.core.matching import Notification, Product, Profile

__all__ = ["synthetic_notifications", "synthetic_population"]


def _norm_hs(code: str) -> str | None:
    try:
        return normalize_hs(code)
    except CodeError:
        return None


_POPULAR_MARKETS: tuple[tuple[str, float], ...] = (
    ("USA", 20.0), ("EU", 14.0), ("JPN", 8.0), ("KOR", 6.0), ("HKG", 5.0), ("VNM", 4.0),
    ("DEU", 4.0), ("GBR", 3.5), ("IND", 3.0), ("RUS", 3.0), ("AUS", 3.0), ("MEX", 2.5),
    ("THA", 2.5), ("MYS", 2.5), ("IDN", 2.5), ("BRA", 2.5), ("SGP", 2.0), ("NLD", 2.0),
    ("CAN", 2.0), ("SAU", 2.0), ("ARE", 2.0), ("FRA", 2.0), ("ITA", 1.5), ("TPKM", 1.5),
    ("PHL", 1.5), ("TUR", 1.5), ("ESP", 1.2), ("POL", 1.2), ("CHL", 1.0), ("ZAF", 1.0),
    ("EGY", 0.8), ("NGA", 0.8), ("PAK", 0.8), ("KEN", 0.5), ("ARG", 0.5), ("PER", 0.5),
    ("ASEAN", 1.0), ("GCC", 0.8),
)  # fmt: skip

_CJK_SYLLABLES = (
    "电源变压器电缆开关灯具照明纺织服装鞋帽玩具家具陶瓷玻璃塑料橡胶皮革纸张机械泵阀轴承"
    "汽车零件船舶电池光伏风电逆变器电机控制仪表软件物流包装食品农产品化工涂料钢铁铝材"
)


def _vocab() -> list[str]:
    """About 6 400 synthetic two-character keywords."""
    return [a + b for a in _CJK_SYLLABLES for b in _CJK_SYLLABLES if a != b]


def synthetic_population(
    n_enterprises: int,
    n_products: int,
    seed: int,
    hs_codes: Sequence[str],
    ics_codes: Sequence[str] = (),
) -> list[Profile]:
    """A labelled-synthetic population (ids ``SYN-000001`` ...) drawn from real HS codes.

    Each enterprise specialises in one to three HS chapters (chapter popularity is Zipf-like
    in a seeded order), has about ``n_products / n_enterprises`` product lines, 1-5 markets
    drawn from a realistic list (with ``EU``, ``ASEAN`` and ``GCC`` as groups and shares
    summing to 1; 10 % with unknown shares), and 3 % declare all markets. Product codes are
    mostly 6-digit, some 4-digit, some national 8/10-digit lines. 30 % of product lines carry
    an ICS code if ``ics_codes`` is given; each line carries one or two synthetic keywords.
    Pure function of its arguments.
    """
    if n_enterprises <= 0:
        return []
    rng = random.Random(seed)
    by_chapter: dict[str, list[str]] = {}
    for raw in hs_codes:
        h = _norm_hs(raw)
        if h is not None and len(h) >= 6:
            by_chapter.setdefault(h[:2], []).append(h[:6])
    chapters = sorted(by_chapter)
    if not chapters:
        raise ValueError("hs_codes has no 6-digit codes")
    rng.shuffle(chapters)
    ch_weights = [1.0 / (r + 1) ** 0.8 for r in range(len(chapters))]
    m_codes = [m for m, _ in _POPULAR_MARKETS]
    m_weights = [w for _, w in _POPULAR_MARKETS]
    vocab = _vocab()
    base, extra = divmod(n_products, n_enterprises)
    profiles: list[Profile] = []
    for e in range(n_enterprises):
        n_lines = max(1, base + (1 if e < extra else 0))
        chs = rng.choices(chapters, weights=ch_weights, k=rng.randint(1, 3))
        products: list[Product] = []
        for _ in range(n_lines):
            ch = rng.choice(chs)
            code = rng.choice(by_chapter[ch])
            r = rng.random()
            if r < 0.10:
                code = code[:4]
            elif r < 0.22:
                code += f"{rng.randint(0, 99):02d}"
            elif r < 0.27:
                code += f"{rng.randint(0, 9999):04d}"
            ics = (rng.choice(ics_codes),) if ics_codes and rng.random() < 0.3 else ()
            kws = tuple(rng.sample(vocab, k=rng.randint(1, 2)))
            products.append(Product(code, ics, kws))
        k = rng.randint(1, 5)
        markets: dict[str, float | None] = {}
        for m in rng.choices(m_codes, weights=m_weights, k=k):
            markets[m] = None
        if rng.random() >= 0.10:
            raw_shares = [rng.random() + 0.05 for _ in markets]
            total = sum(raw_shares)
            markets = {m: round(s / total, 3) for m, s in zip(markets, raw_shares, strict=True)}
        profiles.append(Profile(f"SYN-{e + 1:06d}", tuple(products), markets, rng.random() < 0.03))
    return profiles


def synthetic_notifications(
    n: int, seed: int, hs_codes: Sequence[str], ics_codes: Sequence[str] = ()
) -> list[Notification]:
    """A realistic mix for benchmarks: 45 % with one to three 6-digit HS codes, 25 % with
    4-digit headings, 10 % with a 2-digit chapter, 10 % ICS only, 10 % keywords/text only;
    notifying members weighted like TBT notification counts (USA, EU, ... and many others)."""
    rng = random.Random(seed)
    six = sorted({h[:6] for h in (_norm_hs(c) for c in hs_codes) if h and len(h) >= 6})
    members = [
        ("USA", 10.0), ("EU", 8.0), ("BRA", 5.0), ("KEN", 4.0), ("UGA", 4.0), ("CHN", 3.0),
        ("ISR", 3.0), ("KOR", 3.0), ("JPN", 3.0), ("SAU", 3.0), ("IND", 2.0), ("TPKM", 2.0),
        ("CAN", 2.0), ("MEX", 2.0), ("THA", 2.0), ("VNM", 2.0), ("GBR", 2.0), ("RUS", 1.0),
        ("FRA", 1.0), ("ARE", 1.0), ("EGY", 1.0), ("PHL", 1.0), ("CHL", 1.0), ("PER", 1.0),
    ]  # fmt: skip
    codes = [m for m, _ in members]
    weights = [w for _, w in members]
    vocab = _vocab()
    out: list[Notification] = []
    for _ in range(n):
        member = rng.choices(codes, weights=weights)[0]
        r = rng.random()
        kws = tuple(rng.sample(vocab, k=2))
        if r < 0.45:
            hs = tuple(rng.sample(six, k=rng.randint(1, 3)))
            out.append(Notification(member, hs, (), kws))
        elif r < 0.70:
            hs = tuple({c[:4] for c in rng.sample(six, k=rng.randint(1, 2))})
            out.append(Notification(member, hs, (), kws))
        elif r < 0.80:
            out.append(Notification(member, (rng.choice(six)[:2],), (), kws))
        elif r < 0.90 and ics_codes:
            out.append(Notification(member, (), (rng.choice(ics_codes),), kws))
        else:
            out.append(Notification(member, (), (), (), "关于" + "、".join(kws) + "的技术法规"))
    return out
