"""Choice labels in one language at a time.

The models' choices are written ``"已通过 approved"`` (Chinese, a space, English): one string
that the migrations record and the API's bilingual output keeps. On a page, though, the
Chinese interface must show ``已通过`` and the English one ``approved`` (issue 16 §2).
:func:`install` (run once by ``web``'s ``ready()``) turns every such label of every
``Choices`` enum and every model field into a :class:`BiLabel`: a ``str`` equal to the
combined text (so migrations, comparisons and the API see no change) whose ``str()`` and
``format()`` — what templates, forms and f-strings use — give the active language's part.
It also gives forms' empty choice a bilingual label (Django's ``- Select an option -`` has no
Chinese translation)."""

from __future__ import annotations

import re
from typing import Any

from .i18n import bi, bi_lazy

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def split_label(text: str) -> tuple[str, str] | None:
    """``("已通过", "approved")`` for ``"已通过 approved"``: the split at the first space after
    which no Chinese follows and a Latin letter starts; ``None`` when ``text`` is not such a
    pair."""
    for match in re.finditer(r"\s+", text):
        zh, en = text[: match.start()], text[match.end() :]
        if _CJK.search(zh) and not _CJK.search(en) and en[:1].isascii() and en[:1].isalpha():
            return zh, en
    return None


class BiLabel(str):
    """A ``"中文 English"`` choice label that prints in the active language."""

    zh: str
    en: str

    def __new__(cls, combined: str, zh: str = "", en: str = "") -> BiLabel:
        label = super().__new__(cls, combined)
        label.zh, label.en = zh or combined, en or combined
        return label

    def __str__(self) -> str:
        return bi(self.zh, self.en)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __reduce__(self) -> tuple[Any, ...]:
        return (BiLabel, (str.__str__(self), self.zh, self.en))


def bilingual(label: Any) -> Any:
    """``label`` as a :class:`BiLabel` when it is a ``"中文 English"`` string, else unchanged."""
    if type(label) is not str:
        return label
    pair = split_label(label)
    return BiLabel(label, *pair) if pair else label


def _bilingual_choices(choices: Any) -> Any:
    if not isinstance(choices, list | tuple):
        return choices
    result = []
    for entry in choices:
        if isinstance(entry, list | tuple) and len(entry) == 2:
            value, label = entry
            if isinstance(label, list | tuple):  # an option group
                result.append((bilingual(value), _bilingual_choices(label)))
            else:
                result.append((value, bilingual(label)))
        else:
            result.append(entry)
    return type(choices)(result) if isinstance(choices, tuple) else result


def _subclasses(cls: type) -> list[type]:
    found: list[type] = []
    subs: list[type] = cls.__subclasses__()
    for sub in subs:
        found.append(sub)
        found.extend(_subclasses(sub))
    return found


def install() -> None:
    """Make every ``"中文 English"`` choice label of the loaded models and enums a
    :class:`BiLabel`, and the empty choice bilingual. Idempotent."""
    from django.apps import apps
    from django.db.models import Choices
    from django.db.models import fields as model_fields

    model_fields.BLANK_CHOICE_LABEL = bi_lazy("— 请选择 —", "— Select —")
    for enum_cls in _subclasses(Choices):
        for member in enum_cls:  # type: ignore[attr-defined]
            member._label_ = bilingual(member._label_)
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            choices = getattr(field, "choices", None)
            if choices:
                field.choices = _bilingual_choices(choices)  # type: ignore[union-attr]


def relabel(enum_cls: Any, labels: dict[str, tuple[str, str]]) -> None:
    """Give the members of ``enum_cls`` named in ``labels`` these Chinese and English labels
    (for a label that is not "中文 English", such as "ISO (relaton)"), on the enum and on
    every model field whose choices are its members. The combined string stays as it was."""
    from django.apps import apps

    for member in enum_cls:
        pair = labels.get(member.value)
        if pair:
            member._label_ = BiLabel(str.__str__(member._label_), *pair)
    new = {member.value: member._label_ for member in enum_cls}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            choices = getattr(field, "choices", None)
            if not choices or not isinstance(choices, list | tuple):
                continue
            values = {entry[0] for entry in choices if isinstance(entry, list | tuple)}
            if values and values <= set(new):
                field.choices = [(value, new[value]) for value, _ in choices]  # type: ignore[union-attr]
