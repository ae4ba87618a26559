"""Forms of alert feedback and the desk settings."""

from __future__ import annotations

from typing import Any

from django import forms

from biaozhun.common.forms import style
from biaozhun.common.i18n import bi_lazy


class FeedbackForm(forms.Form):
    relevant = forms.ChoiceField(
        label=bi_lazy("是否相关", "Relevant?"),
        choices=[
            ("relevant", bi_lazy("相关", "Relevant")),
            ("not_relevant", bi_lazy("不相关", "Not relevant")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=bi_lazy("说明", "Note"), max_length=1000, required=False, widget=forms.Textarea
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].widget.attrs.update({"class": "form-control", "rows": 2})


class DeskSettingsForm(forms.Form):
    lead_working_days = forms.IntegerField(
        label=bi_lazy("提前工作日", "Lead time (working days)"), min_value=0, max_value=60
    )
    extra_holidays = forms.CharField(
        label=bi_lazy("额外节假日", "Extra holidays"),
        required=False,
        widget=forms.Textarea,
        help_text=bi_lazy("每行一个日期,如 2027-01-01", "one date a line, e.g. 2027-01-01"),
    )
    extra_workdays = forms.CharField(
        label=bi_lazy("调休上班日", "Extra working days"),
        required=False,
        widget=forms.Textarea,
        help_text=bi_lazy("每行一个日期", "one date a line"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)
        for name in ("extra_holidays", "extra_workdays"):
            self.fields[name].widget.attrs["rows"] = 3
