"""Forms of the city's register; the services validate every value again (bilingual
refusals), the forms only shape the page."""

from __future__ import annotations

from typing import Any

from django import forms

from biaozhun.common.forms import style
from biaozhun.common.i18n import bi, bi_lazy
from biaozhun.enterprises.profiles.models import ExportProduct

from .services import MAX_LINES


def product_choices(enterprise_id: int) -> list[tuple[str, str]]:
    """The enterprise's export product lines, then "another product"."""
    rows = ExportProduct.objects.filter(profile__enterprise_id=enterprise_id).order_by(
        "hs_code", "pk"
    )
    return [("", bi("其他产品(在下方填写名称)", "Another product (name it below)"))] + [
        (str(p.pk), f"{p.description_zh}(HS {p.hs_code})") for p in rows
    ]


class _ProductForm(forms.Form):
    product_id = forms.ChoiceField(label=bi_lazy("出口产品", "Export product"), required=False)
    product_name = forms.CharField(
        label=bi_lazy("产品名称", "Product name"),
        required=False,
        max_length=200,
        help_text=bi_lazy(
            "非出口产品或未列出的产品请填写名称。",
            "For a product not in the export profile, give its name.",
        ),
    )

    def __init__(self, *args: Any, enterprise_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product_id"].choices = product_choices(enterprise_id)  # type: ignore[attr-defined]
        style(self)


class DeclareForm(_ProductForm):
    designation = forms.CharField(
        label=bi_lazy("执行标准号", "Designation applied"),
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": "GB 4706.1-2005 / Q/YZGD 0001-2024"}),
    )
    note = forms.CharField(label=bi_lazy("备注", "Note"), required=False, max_length=300)


class BulkDeclareForm(_ProductForm):
    designations = forms.CharField(
        label=bi_lazy("执行标准号(每行一个)", "Designations applied (one a line)"),
        max_length=60_000,
        widget=forms.Textarea(
            attrs={
                "rows": 6,
                "class": "form-control font-monospace",
                "placeholder": "GB 4706.1-2005\nGB 4706.27-2008\nT/CAS 115-2005\nQ/YZGD 0001-2024",
            }
        ),
        help_text=bi_lazy(
            f"一次最多 {MAX_LINES} 行;有一行无法识别则全部不登记。",
            f"At most {MAX_LINES} lines; if one line cannot be read, nothing is declared.",
        ),
    )


class ConfirmForm(forms.Form):
    as_ = forms.ChoiceField(
        label=bi_lazy("确认为", "Confirm as"),
        choices=[
            ("adoption", bi_lazy("采用国际标准和国外先进标准(采标)", "Adoption of the standard")),
            ("drafted", bi_lazy("本企业主导或参与制定的标准", "A standard the enterprise drafted")),
        ],
    )
    on = forms.DateField(
        label=bi_lazy("日期(采标日期或发布日期)", "Date (adopted on, or published on)"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    degree = forms.ChoiceField(
        label=bi_lazy("采用程度(采标)", "Degree (adoption)"),
        required=False,
        choices=[
            ("", "—"),
            ("IDT", bi_lazy("等同采用 IDT", "Identical (IDT)")),
            ("MOD", bi_lazy("修改采用 MOD", "Modified (MOD)")),
            ("NEQ", bi_lazy("非等效采用 NEQ", "Non-equivalent (NEQ)")),
        ],
    )
    rank = forms.CharField(
        label=bi_lazy("起草排名(制定)", "Rank among the drafters (drafted)"),
        required=False,
        max_length=3,
    )
    title = forms.CharField(
        label=bi_lazy("标准名称(目录未收录时)", "Title (when the catalogue has none)"),
        required=False,
        max_length=300,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)
