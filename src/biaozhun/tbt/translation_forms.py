"""Forms of the translation desk: assign, write, review."""

from __future__ import annotations

from typing import Any

from django import forms

from biaozhun.common.forms import style
from biaozhun.common.i18n import bi_lazy

from .translations import staff_users


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=bi_lazy("译者", "Translator"),
        queryset=staff_users(),
        empty_label=bi_lazy("请选择", "Choose"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_users()  # type: ignore[attr-defined]
        self.fields["assignee"].label_from_instance = lambda u: str(u)  # type: ignore[attr-defined]
        style(self)


class WriteForm(forms.Form):
    title_zh = forms.CharField(
        label=bi_lazy("中文标题", "Chinese title"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    summary_zh = forms.CharField(
        label=bi_lazy("中文摘要", "Chinese summary"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=bi_lazy("审核意见(退回时必填)", "Review note (required to return it)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)
