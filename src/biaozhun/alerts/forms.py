"""Forms of export profiles, alert feedback and the desk settings."""

from __future__ import annotations

from typing import Any

from django import forms

from biaozhun.common.i18n import bi_lazy


def _styled(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class ProductForm(forms.Form):
    hs_code = forms.CharField(
        label=bi_lazy("HS 编码", "HS code"),
        max_length=20,
        help_text=bi_lazy("2-10 位,如 8507.60", "2-10 digits, e.g. 8507.60"),
    )
    description_zh = forms.CharField(label=bi_lazy("产品描述", "Description"), max_length=200)
    ics_code = forms.CharField(label=bi_lazy("ICS 分类", "ICS code"), max_length=20, required=False)
    keywords = forms.CharField(
        label=bi_lazy("关键词", "Keywords"),
        max_length=300,
        required=False,
        help_text=bi_lazy("用逗号分隔", "comma-separated"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


class MarketForm(forms.Form):
    code = forms.CharField(
        label=bi_lazy("市场", "Market"),
        max_length=60,
        help_text=bi_lazy("世贸成员或集团代码,如 USA、EU", "WTO member or group, e.g. USA, EU"),
    )
    share = forms.CharField(
        label=bi_lazy("出口占比", "Share of exports"),
        max_length=10,
        required=False,
        help_text=bi_lazy("0-1 或百分比,可不填", "0-1 or a percentage; optional"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)
        self.fields["code"].widget.attrs["list"] = "market-codes"


class RecipientsForm(forms.Form):
    all_markets = forms.BooleanField(
        label=bi_lazy("出口全部市场", "Exports to all markets"), required=False
    )
    alert_users = forms.MultipleChoiceField(
        label=bi_lazy("接收预警的用户", "Users alerted"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    alert_contacts = forms.MultipleChoiceField(
        label=bi_lazy("接收预警的联系人", "Contacts alerted"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=bi_lazy("备注", "Note"), max_length=500, required=False)

    def __init__(self, *args: Any, enterprise: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["alert_users"].choices = [  # type: ignore[attr-defined]
            (str(u.pk), str(u)) for u in enterprise.users.filter(is_active=True)
        ]
        self.fields["alert_contacts"].choices = [  # type: ignore[attr-defined]
            (str(c.pk), f"{c.name} {c.email or c.phone}") for c in enterprise.contacts.all()
        ]
        _styled(self)


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
        _styled(self)
        for name in ("extra_holidays", "extra_workdays"):
            self.fields[name].widget.attrs["rows"] = 3


class ImportForm(forms.Form):
    file = forms.FileField(label=bi_lazy("Excel 或 CSV 文件", "Excel or CSV file"))
