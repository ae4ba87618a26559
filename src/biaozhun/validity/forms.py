"""Forms of 标准查新 and the watch list; messages in the active language."""

from __future__ import annotations

from typing import Any

from django import forms

from biaozhun.common.i18n import bi_lazy

MAX_UPLOAD = 10 * 1024 * 1024


class CheckForm(forms.Form):
    file = forms.FileField(
        label=bi_lazy("上传文件", "Upload a file"),
        required=False,
        help_text=bi_lazy(
            "Excel(.xlsx)、CSV 或文本(.txt):取“标准号”列,无表头时取第一列。",
            "Excel (.xlsx), CSV or text (.txt): the column headed 标准号 / standard, else the "
            "first column.",
        ),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".xlsx,.xlsm,.csv,.tsv,.txt"}
        ),
    )
    text = forms.CharField(
        label=bi_lazy("或粘贴标准号(每行一个)", "Or paste designations (one a line)"),
        required=False,
        max_length=1_000_000,
        widget=forms.Textarea(
            attrs={
                "class": "form-control font-monospace",
                "rows": 8,
                "placeholder": "GB/T 19001-2016\nGB 2762-2017\nISO 9001:2015\nIEC 60335-1",
            }
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        text = (data.get("text") or "").strip()
        if upload is None and not text:
            raise forms.ValidationError(
                bi_lazy("请上传文件或粘贴标准号。", "Upload a file or paste designations."),
                code="required",
            )
        if upload is not None and upload.size > MAX_UPLOAD:
            self.add_error(
                "file",
                forms.ValidationError(
                    bi_lazy("文件不能超过 10 MB。", "The file must not exceed 10 MB."),
                    code="too_large",
                ),
            )
        data["text"] = text
        return data


class WatchForm(forms.Form):
    designation = forms.CharField(
        label=bi_lazy("标准号", "Designation"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "GB/T 19001-2016"}),
    )
    note = forms.CharField(
        label=bi_lazy("备注", "Note"),
        max_length=300,
        required=False,
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": "用于哪条产品线 / which product line"}
        ),
    )
