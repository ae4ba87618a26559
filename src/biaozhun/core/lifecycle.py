"""Lifecycles of the programme's registry records as pure state machines: a demonstration
zone (申报 → 建设 → 验收, 撤销 from any open state) and a national technical committee being
sought (申请筹建 → 公示 → 批准 / 未获批).

A flow names its states (with Chinese and English labels) and the transitions allowed from
each; :func:`check_transition` refuses any other move with a reason in both languages.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TransitionRefused(ValueError):
    """Why a record cannot move from one state to another."""

    code: str
    message_zh: str
    message_en: str

    def __str__(self) -> str:
        return self.message_en


@dataclass(frozen=True)
class Flow:
    name_zh: str
    name_en: str
    labels: dict[str, tuple[str, str]]  # state -> (中文, English)
    moves: dict[str, frozenset[str]]  # state -> the states it may move to

    def label(self, state: str) -> tuple[str, str]:
        return self.labels.get(state, (state, state))

    def next_states(self, state: str) -> list[str]:
        """The states ``state`` may move to, in the flow's order."""
        allowed = self.moves.get(state, frozenset())
        return [s for s in self.labels if s in allowed]

    def is_final(self, state: str) -> bool:
        return not self.moves.get(state)


SITE_FLOW = Flow(
    "示范区(点)",
    "demonstration site",
    {
        "declared": ("申报", "declared"),
        "building": ("建设", "being built"),
        "accepted": ("验收", "accepted"),
        "revoked": ("撤销", "revoked"),
    },
    {
        "declared": frozenset({"building", "revoked"}),
        "building": frozenset({"accepted", "revoked"}),
        "accepted": frozenset({"revoked"}),
        "revoked": frozenset(),
    },
)

COMMITTEE_FLOW = Flow(
    "技术组织筹建",
    "committee being sought",
    {
        "applied": ("申请筹建", "applied for"),
        "publicised": ("公示", "publicised"),
        "approved": ("批准", "approved"),
        "refused": ("未获批", "not approved"),
    },
    {
        "applied": frozenset({"publicised", "refused"}),
        "publicised": frozenset({"approved", "refused"}),
        "approved": frozenset(),
        "refused": frozenset(),
    },
)


def check_transition(flow: Flow, current: str, target: str) -> None:
    """Raise :class:`TransitionRefused` unless ``flow`` allows ``current`` → ``target``."""
    if target not in flow.labels:
        raise TransitionRefused(
            "unknown_state",
            f"“{target}”不是{flow.name_zh}的状态。",
            f"{target!r} is not a state of a {flow.name_en}.",
        )
    cur_zh, cur_en = flow.label(current)
    to_zh, to_en = flow.label(target)
    if target == current:
        raise TransitionRefused(
            "same_state",
            f"{flow.name_zh}已处于“{cur_zh}”状态。",
            f"The {flow.name_en} is already {cur_en}.",
        )
    if target not in flow.moves.get(current, frozenset()):
        allowed = flow.next_states(current)
        if allowed:
            zh_list = "、".join(flow.label(s)[0] for s in allowed)
            en_list = ", ".join(flow.label(s)[1] for s in allowed)
            tail_zh, tail_en = f"只能转为:{zh_list}。", f" It may only become: {en_list}."
        else:
            tail_zh, tail_en = "该状态为终态,不能再变更。", " That state is final."
        raise TransitionRefused(
            "bad_transition",
            f"{flow.name_zh}不能从“{cur_zh}”转为“{to_zh}”,{tail_zh}",
            f"A {flow.name_en} cannot go from {cur_en} to {to_en}.{tail_en}",
        )
