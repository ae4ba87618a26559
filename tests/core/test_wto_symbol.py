from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from biaozhun.core.wto_symbol import (
    MEMBER_CODES,
    Kind,
    SymbolError,
    WtoSymbol,
    find_symbols,
    is_valid,
    parse,
)


@pytest.mark.parametrize(
    ("text", "canonical", "kind", "parent"),
    [
        ("G/TBT/N/EU/1057", "G/TBT/N/EU/1057", Kind.REGULAR, None),
        ("G/TBT/N/EU/1057/Add.1", "G/TBT/N/EU/1057/Add.1", Kind.ADDENDUM, "G/TBT/N/EU/1057"),
        (
            "G/TBT/N/EU/1057/Add.1/Corr.1",
            "G/TBT/N/EU/1057/Add.1/Corr.1",
            Kind.CORRIGENDUM,
            "G/TBT/N/EU/1057/Add.1",
        ),
        (
            "G/TBT/N/USA/1234/Rev.1/Add.2",
            "G/TBT/N/USA/1234/Rev.1/Add.2",
            Kind.ADDENDUM,
            "G/TBT/N/USA/1234/Rev.1",
        ),
        ("G/SPS/N/CHN/12/Rev.3", "G/SPS/N/CHN/12/Rev.3", Kind.REVISION, "G/SPS/N/CHN/12"),
        (
            "G/TBT/N/TPKM/500/Suppl.1",
            "G/TBT/N/TPKM/500/Suppl.1",
            Kind.SUPPLEMENT,
            "G/TBT/N/TPKM/500",
        ),
        ("G/TBT/N/HKG/7/Corr.2", "G/TBT/N/HKG/7/Corr.2", Kind.CORRIGENDUM, "G/TBT/N/HKG/7"),
        (
            "G/TBT/N/MAC/1/Rev.1/Add.1/Corr.1",
            "G/TBT/N/MAC/1/Rev.1/Add.1/Corr.1",
            Kind.CORRIGENDUM,
            "G/TBT/N/MAC/1/Rev.1/Add.1",
        ),
        # messy input
        (" g/tbt/n/eu/1057/add.1 ", "G/TBT/N/EU/1057/Add.1", Kind.ADDENDUM, "G/TBT/N/EU/1057"),
        ("G/TBT/N/EU/1057 Add 1", "G/TBT/N/EU/1057/Add.1", Kind.ADDENDUM, "G/TBT/N/EU/1057"),
        ("G / TBT / N / EU / 1057 / Add. 1", "G/TBT/N/EU/1057/Add.1", Kind.ADDENDUM, None),
        (
            "Ｇ／ＴＢＴ／Ｎ／ＥＵ／１０５７／Ａｄｄ．１",
            "G/TBT/N/EU/1057/Add.1",
            Kind.ADDENDUM,
            None,
        ),
        ("G/TBT/N/EU/1057/Addendum 2", "G/TBT/N/EU/1057/Add.2", Kind.ADDENDUM, None),
        ("G/TBT/N/EU/1057/Revision 1", "G/TBT/N/EU/1057/Rev.1", Kind.REVISION, None),
        ("G/TBT/N/EU/1057/Corrigendum.1", "G/TBT/N/EU/1057/Corr.1", Kind.CORRIGENDUM, None),
        ("G/TBT/N/EU/1057Add1", "G/TBT/N/EU/1057/Add.1", Kind.ADDENDUM, None),
        ("G/TBT/N/EU/01057", "G/TBT/N/EU/1057", Kind.REGULAR, None),
        ("G/TBT/N/EU/1057.", "G/TBT/N/EU/1057", Kind.REGULAR, None),
        ("G/SPS/N/EEC/300", "G/SPS/N/EEC/300", Kind.REGULAR, None),
    ],
)
def test_parse_valid(text: str, canonical: str, kind: Kind, parent: str | None) -> None:
    sym = parse(text)
    assert sym.canonical == canonical
    assert str(sym) == canonical
    assert sym.kind is kind
    if parent is not None:
        assert sym.parent is not None
        assert sym.parent.canonical == parent


def test_base_and_fields() -> None:
    sym = parse("G/TBT/N/EU/1057/Add.1/Corr.1")
    assert sym == WtoSymbol("TBT", "EU", 1057, addendum=1, corrigendum=1)
    assert sym.base.canonical == "G/TBT/N/EU/1057"
    assert sym.base.is_base
    assert sym.base.parent is None
    assert not sym.is_base
    assert parse("G/SPS/N/EEC/1").current_member == "EU"
    assert parse("G/TBT/N/EU/1").current_member == "EU"


def test_sort_key_orders_base_first() -> None:
    docs = [parse(s) for s in ("G/TBT/N/EU/9/Add.2", "G/TBT/N/EU/9/Add.1/Corr.1", "G/TBT/N/EU/9")]
    ordered = [d.canonical for d in sorted(docs, key=lambda d: d.sort_key)]
    assert ordered == ["G/TBT/N/EU/9", "G/TBT/N/EU/9/Add.1/Corr.1", "G/TBT/N/EU/9/Add.2"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("TBT/N/EU/1", "prefix"),
        ("G/TBT/W/123", "prefix"),
        ("G/TBT/NOTIF.95/1", "prefix"),
        ("G/TBT/1/Add.1", "prefix"),
        ("G/ABC/N/EU/1", "committee"),
        ("G/TRIPS/N/EU/1", "committee"),
        ("G/TBT/N/XYZ/1", "member"),
        ("G/TBT/N/TWN/1", "member"),
        ("G/TBT/N/1057", "member"),
        ("G/TBT/N/EU/", "number"),
        ("G/TBT/N/EU/ABC", "number"),
        ("G/TBT/N/EU/0", "number"),
        ("G/TBT/N/EU/1057/Add.0", "modifier_number"),
        ("G/TBT/N/EU/1057/Add", "modifier"),
        ("G/TBT/N/EU/1057/Add.x", "modifier"),
        ("G/TBT/N/EU/1057/Amd.1", "modifier"),
        ("G/TBT/N/EU/1057/Add.1/foo", "modifier"),
        ("G/TBT/N/EU/1057-1", "modifier"),
        ("G/TBT/N/EU/1057/Add.1/Add.2", "duplicate"),
        ("G/TBT/N/EU/1057/Corr.1/Corr.2", "duplicate"),
        ("G/TBT/N/EU/1057/Add.1/Rev.1", "order"),
        ("G/TBT/N/EU/1057/Corr.1/Add.1", "order"),
        ("G/TBT/N/EU/1057/Suppl.1/Add.1", "order"),
    ],
)
def test_parse_invalid(text: str, code: str) -> None:
    with pytest.raises(SymbolError) as exc:
        parse(text)
    assert exc.value.code == code
    assert exc.value.message_zh
    assert exc.value.message_en
    assert not is_valid(text)


def test_custom_member_set() -> None:
    with pytest.raises(SymbolError):
        parse("G/TBT/N/EU/1", members={"USA"})
    assert parse("G/TBT/N/USA/1", members={"USA"}).member == "USA"


def test_dataclass_validates() -> None:
    with pytest.raises(SymbolError):
        WtoSymbol("XXX", "EU", 1)
    with pytest.raises(SymbolError):
        WtoSymbol("TBT", "EU", 0)
    with pytest.raises(SymbolError):
        WtoSymbol("TBT", "EU", 1, addendum=0)


def test_find_symbols_joint_notification() -> None:
    text = "G/TBT/N/BDI/123, G/TBT/N/KEN/456/Add.1; g/tbt/n/xyz/1 and G/TBT/N/UGA/789"
    found = [s.canonical for s in find_symbols(text)]
    assert found == ["G/TBT/N/BDI/123", "G/TBT/N/KEN/456/Add.1", "G/TBT/N/UGA/789"]


_mod = st.none() | st.integers(min_value=1, max_value=50)
symbols = st.builds(
    WtoSymbol,
    committee=st.sampled_from(["TBT", "SPS"]),
    member=st.sampled_from(sorted(MEMBER_CODES)),
    number=st.integers(min_value=1, max_value=99999),
    revision=_mod,
    addendum=_mod,
    supplement=_mod,
    corrigendum=_mod,
)


@given(symbols)
def test_round_trip(sym: WtoSymbol) -> None:
    assert parse(sym.canonical) == sym
    assert parse(sym.canonical.lower()) == sym
    assert parse(sym.canonical.replace("/", " / ").replace(".", ". ")) == sym


@given(symbols)
def test_parent_chain_ends_at_base(sym: WtoSymbol) -> None:
    seen = 0
    cur: WtoSymbol | None = sym
    last = sym
    while cur is not None:
        last = cur
        assert cur.base == sym.base
        cur = cur.parent
        seen += 1
    assert last == sym.base
    assert seen <= 5


@given(st.text(max_size=40))
def test_parse_never_crashes(text: str) -> None:
    try:
        sym = parse(text)
    except SymbolError as exc:
        assert exc.code
    else:
        assert parse(sym.canonical) == sym
