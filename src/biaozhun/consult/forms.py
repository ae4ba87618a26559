"""Forms of the consultation station; labels in both languages."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from biaozhun.accounts.models import User
from biaozhun.common.forms import style
from biaozhun.common.i18n import bi_lazy
from biaozhun.enterprises.models import Enterprise

from .models import Enquiry, Submission, TechnicalRegulation
from .regulations.services import RegulationData


class CommentForm(forms.Form):
    enterprise = forms.ModelChoiceField(
        Enterprise.objects.filter(status="approved"),
        label=bi_lazy("企业(评议台代填)", "Enterprise (desk filing on its behalf)"),
        required=False,
    )
    association = forms.CharField(
        label=bi_lazy("行业协会", "Association"), max_length=200, required=False
    )
    concern = forms.CharField(
        label=bi_lazy("关注问题", "Concern"), widget=forms.Textarea(attrs={"rows": 4})
    )
    clauses = forms.CharField(label=bi_lazy("涉及条款", "Clauses"), max_length=500, required=False)
    proposed_change = forms.CharField(
        label=bi_lazy("修改建议", "Proposed change"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    technical_points_en = forms.CharField(
        label=bi_lazy("技术要点(英文)", "Technical points (English)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    export_value_usd = forms.DecimalField(
        label=bi_lazy("涉及出口额(万美元)", "Export value at stake (10k USD)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        required=False,
    )
    trade_impact = forms.CharField(
        label=bi_lazy("贸易影响", "Trade impact"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args: Any, desk: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not desk:
            del self.fields["enterprise"]
            del self.fields["association"]
        style(self)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=bi_lazy("证明材料", "Evidence file"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class MergeForm(forms.Form):
    summary_zh = forms.CharField(
        label=bi_lazy("综合意见(中文)", "Summary (Chinese)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    summary_en = forms.CharField(
        label=bi_lazy("技术要点综述(英文)", "Technical points (English)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class TransitionForm(forms.Form):
    state = forms.ChoiceField(
        label=bi_lazy("新状态", "New state"), choices=Submission.State.choices
    )
    note = forms.CharField(label=bi_lazy("说明", "Note"), max_length=500, required=False)
    reply = forms.CharField(
        label=bi_lazy("答复内容", "Reply"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, allowed: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Submission.State.choices)
        self.fields["state"].choices = [(s, labels[s]) for s in allowed]  # type: ignore[attr-defined]
        style(self)


class EnquiryForm(forms.Form):
    enterprise = forms.ModelChoiceField(
        Enterprise.objects.filter(status="approved"),
        label=bi_lazy("企业(市局代录)", "Enterprise (recorded by the bureau)"),
        required=False,
    )
    topic = forms.ChoiceField(label=bi_lazy("问题类型", "Topic"), choices=Enquiry.Topic.choices)
    subject = forms.CharField(label=bi_lazy("标题", "Subject"), max_length=200)
    question = forms.CharField(
        label=bi_lazy("问题", "Question"), widget=forms.Textarea(attrs={"rows": 5})
    )
    market = forms.CharField(
        label=bi_lazy("市场(如 EU、USA)", "Market (e.g. EU, USA)"), max_length=40, required=False
    )
    notification = forms.CharField(
        label=bi_lazy("通报号", "Notification symbol"), max_length=60, required=False
    )
    standard = forms.CharField(label=bi_lazy("标准号", "Standard"), max_length=200, required=False)
    anonymise = forms.BooleanField(
        label=bi_lazy("收入知识库时匿名", "Anonymise in the knowledge base"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, desk: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not desk:
            del self.fields["enterprise"]
        style(self)


class AssignForm(forms.Form):
    expert = forms.ModelChoiceField(
        User.objects.filter(role=User.Role.EXPERT, is_active=True),
        label=bi_lazy("专家", "Expert"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=bi_lazy("答复", "Answer"), widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=bi_lazy("评分", "Rating"),
        choices=[(i, "★" * i) for i in range(5, 0, -1)],
        coerce=int,
    )
    note = forms.CharField(label=bi_lazy("评价", "Comment"), max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class PublishForm(forms.Form):
    question = forms.CharField(
        label=bi_lazy("公开的问题", "Published question"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    answer = forms.CharField(
        label=bi_lazy("公开的答复", "Published answer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


def _lines(text: str) -> list[str]:
    return [t.strip() for t in re.split(r"[\n,,;;、]+", text or "") if t.strip()]


class RegulationForm(forms.Form):
    market = forms.CharField(
        label=bi_lazy("市场(如 EU、USA)", "Market (e.g. EU, USA)"), max_length=40
    )
    kind = forms.ChoiceField(
        label=bi_lazy("类型", "Kind"), choices=TechnicalRegulation.Kind.choices
    )
    reference = forms.CharField(label=bi_lazy("编号", "Reference"), max_length=200)
    title = forms.CharField(
        label=bi_lazy("标题(原文)", "Title"), widget=forms.Textarea(attrs={"rows": 2})
    )
    title_zh = forms.CharField(
        label=bi_lazy("中文标题", "Chinese title"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    summary_zh = forms.CharField(
        label=bi_lazy("中文摘要", "Chinese summary"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    hs_codes = forms.CharField(
        label=bi_lazy("HS 编码(逗号分隔)", "HS codes (comma-separated)"), required=False
    )
    ics_codes = forms.CharField(label=bi_lazy("ICS 分类", "ICS codes"), required=False)
    cited_standards = forms.CharField(
        label=bi_lazy("引用标准(每行一个)", "Cited standards (one a line)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    notification_symbols = forms.CharField(
        label=bi_lazy("相关通报号", "Announcing notifications"), required=False
    )
    adopted_on = forms.DateField(
        label=bi_lazy("通过日期", "Adopted on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    in_force_from = forms.DateField(
        label=bi_lazy("生效日期", "In force from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    applies_until = forms.DateField(
        label=bi_lazy("失效日期", "Applies until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    url = forms.URLField(label=bi_lazy("链接", "Link"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)

    def data_object(self) -> RegulationData:
        d = self.cleaned_data
        return RegulationData(
            market=d["market"],
            reference=d["reference"],
            title=d["title"],
            kind=d["kind"],
            title_zh=d["title_zh"],
            summary_zh=d["summary_zh"],
            hs_codes=_lines(d["hs_codes"]),
            ics_codes=_lines(d["ics_codes"]),
            cited_standards=[t.strip() for t in d["cited_standards"].splitlines() if t.strip()],
            notification_symbols=_lines(d["notification_symbols"]),
            adopted_on=d["adopted_on"],
            in_force_from=d["in_force_from"],
            applies_until=d["applies_until"],
            url=d["url"],
        )


class SettingsForm(forms.Form):
    response_target_hours = forms.IntegerField(
        label=bi_lazy("答复时限(小时)", "Response target (hours)"), min_value=1, max_value=1440
    )
    reminder_days = forms.CharField(
        label=bi_lazy(
            "截止前提醒(工作日,逗号分隔)", "Reminders (working days before, comma-separated)"
        ),
        max_length=100,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)

    def clean_reminder_days(self) -> list[int]:
        try:
            return [int(x) for x in _lines(self.cleaned_data["reminder_days"])]
        except ValueError as exc:
            raise forms.ValidationError(
                bi_lazy("请填写整数,如 5,1。", "Whole numbers, e.g. 5,1.")
            ) from exc
