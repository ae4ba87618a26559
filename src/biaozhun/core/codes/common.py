"""What the classifications share: the error for an invalid code, NFKC clean-up, the tree of
codes (nodes by code, children by parent) and where the repository's ``data/`` directory is."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol


class CodeError(ValueError):
    """An invalid classification code; ``code`` is stable, messages are for people."""

    def __init__(self, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(f"{code}: {message_en}")
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en


def default_data_dir() -> Path:
    """The repository's ``data/`` directory (for a source checkout: ``src/biaozhun/core/codes`` ->
    repository root)."""
    return Path(__file__).resolve().parents[4] / "data"


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


class Node(Protocol):
    @property
    def code(self) -> str: ...

    @property
    def parent(self) -> str | None: ...


class CodeTree[N: Node]:
    """A classification as a tree: its nodes by code and each node's children, sorted by code
    (the top level under ``None``)."""

    def __init__(self, nodes: Iterable[N]) -> None:
        self.nodes: dict[str, N] = {n.code: n for n in nodes}
        self._children: dict[str | None, list[str]] = {}
        for n in self.nodes.values():
            self._children.setdefault(n.parent, []).append(n.code)
        for kids in self._children.values():
            kids.sort()

    def __len__(self) -> int:
        return len(self.nodes)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self.nodes

    def _children_of(self, key: str | None) -> list[N]:
        return [self.nodes[c] for c in self._children.get(key, [])]
