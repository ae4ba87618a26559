"""Forms of export profiles (they only translate; the services validate)."""

from __future__ import annotations

from typing import Any

from django import forms

from biaozhun.common.forms import style
from biaozhun.common.i18n import bi_lazy
from biaozhun.enterprises.models import Enterprise


class ConfirmedCodes(forms.MultipleChoiceField):
    """The HS codes ticked among the suggestions (any value: the service checks each code
    against HS 2022)."""

    def valid_value(self, value: str) -> bool:
        return len(value) <= 20


class ProductForm(forms.Form):
    """A product: its description (HS headings are suggested from it) and the HS codes the
    enterprise confirms -- ticked suggestions (``hs_codes``) and/or a typed code
    (``hs_code``)."""

    description_zh = forms.CharField(
        label=bi_lazy("产品描述", "Description"),
        max_length=200,
        help_text=bi_lazy(
            "产品名称,中文、英文或法文均可,如 LED路灯、纯棉针织T恤",
            "product name in Chinese, English or French, e.g. LED street lights",
        ),
    )
    hs_codes = ConfirmedCodes(
        label=bi_lazy("确认的 HS 编码", "Confirmed HS codes"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    hs_code = forms.CharField(
        label=bi_lazy("其他 HS 编码", "Other HS code"),
        max_length=20,
        required=False,
        help_text=bi_lazy("2-10 位,如 8507.60", "2-10 digits, e.g. 8507.60"),
    )
    ics_code = forms.CharField(label=bi_lazy("ICS 分类", "ICS code"), max_length=20, required=False)
    keywords = forms.CharField(
        label=bi_lazy("关键词", "Keywords"),
        max_length=300,
        required=False,
        help_text=bi_lazy("用逗号分隔", "comma-separated"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)

    def confirmed_codes(self) -> list[str]:
        """The ticked codes, then the typed one (after ``is_valid()``)."""
        data = self.cleaned_data
        typed = data.get("hs_code", "").strip()
        return [*data.get("hs_codes", []), *([typed] if typed else [])]


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
        style(self)
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

    def __init__(self, *args: Any, enterprise: Enterprise, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["alert_users"].choices = [  # type: ignore[attr-defined]
            (str(u.pk), str(u)) for u in enterprise.users.filter(is_active=True)
        ]
        self.fields["alert_contacts"].choices = [  # type: ignore[attr-defined]
            (str(c.pk), f"{c.name} {c.email or c.phone}") for c in enterprise.contacts.all()
        ]
        style(self)
