"""Forms of incentive applications (one per kind), review actions, payments, budgets and policy
versions. Each application form turns its fields into the engine's facts (``facts()``) and
back (``initial_from``)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django import forms
from django.utils import timezone

from biaozhun.common.forms import style
from biaozhun.common.i18n import bi_lazy
from biaozhun.core.incentives import PROPOSER_READINGS

from .models import Attachment

LEVEL_CHOICES = [
    ("international", bi_lazy("国际标准", "International standard")),
    ("national", bi_lazy("国家标准", "National standard")),
    ("industry", bi_lazy("行业标准", "Industry standard")),
    ("provincial_local", bi_lazy("省级地方标准", "Provincial local standard")),
    ("municipal_local", bi_lazy("市级地方标准", "Municipal local standard")),
    ("group", bi_lazy("团体标准", "Group standard")),
    ("enterprise", bi_lazy("企业标准", "Enterprise standard")),
]
ADOPTED_KIND_CHOICES = [
    ("international", bi_lazy("国际标准", "International standard")),
    ("foreign_advanced", bi_lazy("国外先进标准", "Foreign advanced standard")),
    ("other", bi_lazy("其他", "Other")),
]
DEGREE_CHOICES = [
    ("", bi_lazy("直接采用/未注明", "Made to it directly / not stated")),
    ("IDT", bi_lazy("等同采用 IDT", "Identical (IDT)")),
    ("MOD", bi_lazy("修改采用 MOD", "Modified (MOD)")),
    ("NEQ", bi_lazy("非等效 NEQ", "Not equivalent (NEQ)")),
]
COMMITTEE_KIND_CHOICES = [
    ("TC", bi_lazy("技术委员会 TC", "Technical committee (TC)")),
    ("SC", bi_lazy("分技术委员会 SC", "Subcommittee (SC)")),
    ("WG", bi_lazy("工作组 WG", "Working group (WG)")),
]


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


class _Base(forms.Form):
    year = forms.IntegerField(
        label=bi_lazy("奖励年度", "Award year"),
        min_value=2011,
        max_value=2100,
        help_text=bi_lazy(
            "计算市创新型企业名单所依据的年度;默认为申请年度。",
            "The year whose innovative-enterprise list counts; the application year by default.",
        ),
    )
    evidence = forms.FileField(
        label=bi_lazy("证明材料(可选)", "Evidence (optional)"),
        required=False,
        help_text=bi_lazy(
            "PDF、图片或 Office 文件,不超过 10 MB;提交前可在申请页继续上传。",
            "PDF, image or Office file up to 10 MB; more can be added on the application page.",
        ),
    )
    evidence_kind = forms.ChoiceField(
        label=bi_lazy("材料类别", "Kind of evidence"),
        choices=Attachment.Kind.choices,
        initial=Attachment.Kind.OTHER,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        style(self)

    def facts(self) -> dict[str, Any]:
        raise NotImplementedError

    @classmethod
    def initial_from(cls, facts: dict[str, Any], year: int) -> dict[str, Any]:
        raise NotImplementedError


class DraftingForm(_Base):
    """四.3.1: the standard drafted and the enterprise's part in drafting it."""

    designation = forms.CharField(
        label=bi_lazy("标准编号", "Standard designation"),
        max_length=200,
        help_text=bi_lazy(
            "如 GB/T 12345-2013;若标准目录中有此标准,级别、名称和发布日期以目录为准。",
            "e.g. GB/T 12345-2013; when the catalogue has it, its level, title and "
            "publication date are taken from the catalogue.",
        ),
    )
    level = forms.ChoiceField(label=bi_lazy("标准级别", "Level"), choices=LEVEL_CHOICES)
    title = forms.CharField(label=bi_lazy("标准名称", "Title"), max_length=300, required=False)
    approved = forms.BooleanField(label=bi_lazy("已批准", "Approved"), required=False)
    published = forms.BooleanField(label=bi_lazy("已发布", "Published"), required=False)
    publish_date = forms.DateField(
        label=bi_lazy("发布日期", "Publication date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    proposer = forms.BooleanField(
        label=bi_lazy("本企业为项目提出单位", "Our enterprise proposed the project"), required=False
    )
    rank = forms.IntegerField(
        label=bi_lazy("起草单位排名", "Rank among the drafting units"), min_value=1, max_value=99
    )
    co_drafters_top_two = forms.IntegerField(
        label=bi_lazy(
            "排名前两位的其他本市企业数", "Other enterprises of the city ranked first or second"
        ),
        min_value=0,
        max_value=1,
        initial=0,
        required=False,
    )
    field_order = [
        "designation",
        "level",
        "title",
        "approved",
        "published",
        "publish_date",
        "proposer",
        "rank",
        "co_drafters_top_two",
        "year",
        "evidence",
        "evidence_kind",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["designation"].widget.attrs.update({"list": "catalogue-standards"})
        self.fields["evidence_kind"].initial = Attachment.Kind.DRAFTING

    def facts(self) -> dict[str, Any]:
        d = self.cleaned_data
        standard = {
            "level": d["level"],
            "designation": d["designation"].strip(),
            "title": d["title"].strip() or None,
            "approved": d["approved"],
            "published": d["published"],
            "publish_date": _iso(d["publish_date"]),
        }
        return {
            "standard": {k: v for k, v in standard.items() if v is not None},
            "drafting": {
                "proposer": d["proposer"],
                "rank": d["rank"],
                "co_drafters_top_two": d["co_drafters_top_two"] or 0,
            },
        }

    @classmethod
    def initial_from(cls, facts: dict[str, Any], year: int) -> dict[str, Any]:
        return {"year": year, **facts.get("standard", {}), **facts.get("drafting", {})}


class ProductForm(forms.Form):
    name = forms.CharField(label=bi_lazy("产品名称/型号", "Product / model"), max_length=200)
    adopted_standard = forms.CharField(
        label=bi_lazy("采用的标准", "Standard adopted"), max_length=200
    )
    adopted_standard_kind = forms.ChoiceField(
        label=bi_lazy("标准类别", "Kind of standard"), choices=ADOPTED_KIND_CHOICES
    )
    adoption_degree = forms.ChoiceField(
        label=bi_lazy("采用程度", "Degree of adoption"), choices=DEGREE_CHOICES, required=False
    )
    exported = forms.BooleanField(label=bi_lazy("有出口销售", "Sold for export"), required=False)
    export_evidence = forms.CharField(
        label=bi_lazy("出口证明(报关单号等)", "Export evidence (customs declarations…)"),
        max_length=300,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)

    def product(self) -> dict[str, Any]:
        d = self.cleaned_data
        out = {
            "name": d["name"].strip(),
            "adopted_standard": d["adopted_standard"].strip(),
            "adopted_standard_kind": d["adopted_standard_kind"],
            "exported": d["exported"],
        }
        if d["adoption_degree"]:
            out["adoption_degree"] = d["adoption_degree"]
        if d["export_evidence"].strip():
            out["export_evidence"] = d["export_evidence"].strip()
        return out


ProductFormSet = forms.formset_factory(
    ProductForm, extra=2, min_num=1, validate_min=True, max_num=50, validate_max=True
)


class AdoptionForm(_Base):
    """四.3.2: products adopting international or foreign advanced standards, sold abroad. The
    products come from the formset the view binds next to this form."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence_kind"].initial = Attachment.Kind.EXPORT
        self.products: list[dict[str, Any]] = []

    def facts(self) -> dict[str, Any]:
        return {"products": self.products}

    @classmethod
    def initial_from(cls, facts: dict[str, Any], year: int) -> dict[str, Any]:
        return {"year": year}


class CommitteeForm(_Base):
    """四.3.4: a national technical committee, subcommittee or working group seated here."""

    committee_kind = forms.ChoiceField(
        label=bi_lazy("类别", "Kind"), choices=COMMITTEE_KIND_CHOICES
    )
    code = forms.CharField(
        label=bi_lazy("编号", "Code"),
        max_length=100,
        help_text=bi_lazy("如 SAC/TC 999/SC 9", "e.g. SAC/TC 999/SC 9"),
    )
    name = forms.CharField(label=bi_lazy("名称", "Name"), max_length=300, required=False)
    national = forms.BooleanField(
        label=bi_lazy("全国专业标准化技术委员会", "A national committee"), required=False
    )
    secretariat_here = forms.BooleanField(
        label=bi_lazy("秘书处设在本企业", "Its secretariat is at our enterprise"), required=False
    )
    established = forms.DateField(
        label=bi_lazy("成立日期", "Established on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    requested_amount = forms.IntegerField(
        label=bi_lazy("申请金额(元)", "Amount requested (yuan)"),
        min_value=1,
        required=False,
        help_text=bi_lazy(
            "不填则按上限计算;最终金额由评审在上限内确定。",
            "Leave empty to compute at the cap; the review sets the final sum within the cap.",
        ),
    )
    field_order = [
        "committee_kind",
        "code",
        "name",
        "national",
        "secretariat_here",
        "established",
        "requested_amount",
        "year",
        "evidence",
        "evidence_kind",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence_kind"].initial = Attachment.Kind.COMMITTEE

    def facts(self) -> dict[str, Any]:
        d = self.cleaned_data
        committee = {
            "kind": d["committee_kind"],
            "code": d["code"].strip(),
            "name": d["name"].strip() or None,
            "national": d["national"],
            "secretariat_here": d["secretariat_here"],
            "established": _iso(d["established"]),
        }
        facts: dict[str, Any] = {"committee": {k: v for k, v in committee.items() if v is not None}}
        if d["requested_amount"]:
            facts["requested_amount"] = d["requested_amount"]
        return facts

    @classmethod
    def initial_from(cls, facts: dict[str, Any], year: int) -> dict[str, Any]:
        committee = dict(facts.get("committee", {}))
        committee["committee_kind"] = committee.pop("kind", "TC")
        return {"year": year, "requested_amount": facts.get("requested_amount"), **committee}


FORMS: dict[str, type[_Base]] = {
    "standard_drafting": DraftingForm,
    "adoption_export": AdoptionForm,
    "technical_committee": CommitteeForm,
}


class AttachmentForm(forms.Form):
    file = forms.FileField(label=bi_lazy("文件", "File"))
    kind = forms.ChoiceField(label=bi_lazy("类别", "Kind"), choices=Attachment.Kind.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class PaymentForm(forms.Form):
    paid_on = forms.DateField(
        label=bi_lazy("支付日期", "Paid on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    voucher_number = forms.CharField(label=bi_lazy("凭证号", "Voucher number"), max_length=60)
    amount = forms.IntegerField(label=bi_lazy("金额(元)", "Amount (yuan)"), min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=bi_lazy("年度", "Year"), min_value=2000, max_value=2100)
    payer_code = forms.ChoiceField(label=bi_lazy("支付方", "Payer"))
    amount = forms.IntegerField(label=bi_lazy("预算金额(元)", "Budget (yuan)"), min_value=0)
    note = forms.CharField(label=bi_lazy("说明", "Note"), max_length=300, required=False)

    def __init__(self, *args: Any, payers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["payer_code"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = payers
        style(self)


class ReadingForm(forms.Form):
    """The bureau's choice of how "提出……研制项目" is read (``proposer_reading``)."""

    reading = forms.ChoiceField(choices=[(r, r) for r in PROPOSER_READINGS])


class PolicyForm(forms.Form):
    body = forms.CharField(
        label=bi_lazy("政策数据(JSON)", "Policy data (JSON)"),
        widget=forms.Textarea(attrs={"rows": 24, "class": "form-control font-monospace"}),
        help_text=bi_lazy(
            "格式见 docs/incentives.md;新版本须使用新的版本号和有效期。",
            "Format in docs/incentives.md; a new version needs a new version number and period.",
        ),
    )
    note = forms.CharField(
        label=bi_lazy("修订说明", "What changed"), max_length=500, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].widget.attrs.setdefault("class", "form-control")

    def clean_body(self) -> Any:
        try:
            data = json.loads(self.cleaned_data["body"])
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                bi_lazy(
                    f"不是有效的 JSON(第 {exc.lineno} 行第 {exc.colno} 列)。",
                    f"Not valid JSON (line {exc.lineno}, column {exc.colno}).",
                )
            ) from exc
        if not isinstance(data, dict):
            raise forms.ValidationError(
                bi_lazy("政策数据应为一个 JSON 对象。", "The policy must be one JSON object.")
            )
        return data
