"""Forms of the TBT desk: a notification, an import, a classification correction."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from biaozhun.common.choices import BiLabel
from biaozhun.common.forms import style
from biaozhun.common.i18n import bi_lazy
from biaozhun.core import wto_symbol
from biaozhun.core.codes import EXPORT_GROUPS, INDUSTRIES, split_codes

from .dates import read_date
from .models import ClassificationCorrection, Notification
from .services import NotificationData

DATE_HELP = bi_lazy(
    "可写 2026-01-31、1 January 2026、“60 days after notification”、“To be determined”;"
    "无法确定的日期保留原文并标记待核。",
    "Write 2026-01-31, 1 January 2026, '60 days after notification', 'To be determined'; "
    "a date that cannot be read for certain is kept as text and flagged.",
)


class NotificationForm(forms.Form):
    symbol = forms.CharField(
        label=bi_lazy("通报号", "Document symbol"),
        max_length=60,
        help_text="G/TBT/N/EU/1057, G/TBT/N/USA/2100/Add.1",
    )
    distributed_on = forms.DateField(
        label=bi_lazy("分发日期", "Distribution date"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    title = forms.CharField(
        label=bi_lazy("标题(原文)", "Title"), widget=forms.Textarea(attrs={"rows": 2})
    )
    title_zh = forms.CharField(
        label=bi_lazy("中文标题", "Chinese title"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    summary_zh = forms.CharField(
        label=bi_lazy("中文摘要", "Chinese summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    description = forms.CharField(
        label=bi_lazy("内容描述", "Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    objective = forms.CharField(
        label=bi_lazy("目的和理由", "Objective and rationale"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    products_text = forms.CharField(
        label=bi_lazy("涵盖产品", "Products covered"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    hs_codes = forms.CharField(
        label=bi_lazy("HS 编码", "HS codes"),
        required=False,
        help_text=bi_lazy("多个用逗号或分号分隔,如 8507.60; 8544", "Comma or semicolon separated"),
    )
    ics_codes = forms.CharField(label=bi_lazy("ICS 分类号", "ICS codes"), required=False)
    keywords = forms.CharField(label=bi_lazy("关键词", "Keywords"), required=False)
    comment_deadline = forms.CharField(
        label=bi_lazy("评议截止日期", "Final date for comments"),
        required=False,
        max_length=300,
        help_text=DATE_HELP,
    )
    adoption_date = forms.CharField(
        label=bi_lazy("拟批准日期", "Proposed date of adoption"), required=False, max_length=300
    )
    entry_into_force = forms.CharField(
        label=bi_lazy("拟生效日期", "Proposed date of entry into force"),
        required=False,
        max_length=300,
    )
    agency = forms.CharField(label=bi_lazy("主管机构", "Agency responsible"), required=False)
    links = forms.CharField(
        label=bi_lazy("链接", "Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=bi_lazy("每行一个 http(s) 链接", "One http(s) link a line"),
    )
    language = forms.CharField(label=bi_lazy("语言", "Language"), required=False, max_length=10)
    status = forms.ChoiceField(label=bi_lazy("状态", "Status"), choices=Notification.Status.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)

    @classmethod
    def initial_for(cls, n: Notification) -> dict[str, Any]:
        return {
            "symbol": n.symbol,
            "distributed_on": n.distributed_on,
            "title": n.title,
            "title_zh": n.title_zh,
            "summary_zh": n.summary_zh,
            "description": n.description,
            "objective": n.objective,
            "products_text": n.products_text,
            "hs_codes": "; ".join(n.hs_codes),
            "ics_codes": "; ".join(n.ics_codes),
            "keywords": "; ".join(n.keywords),
            "comment_deadline": n.comment_deadline_text
            or (n.comment_deadline.isoformat() if n.comment_deadline else ""),
            "adoption_date": n.adoption_date_text
            or (n.adoption_date.isoformat() if n.adoption_date else ""),
            "entry_into_force": n.entry_into_force_text
            or (n.entry_into_force.isoformat() if n.entry_into_force else ""),
            "agency": n.agency,
            "links": "\n".join(n.links),
            "language": n.language,
            "status": n.status,
        }

    def clean_symbol(self) -> str:
        try:
            return wto_symbol.parse(self.cleaned_data["symbol"]).canonical
        except wto_symbol.SymbolError as exc:
            raise forms.ValidationError(bi_lazy(exc.message_zh, exc.message_en)) from exc

    def clean_links(self) -> list[str]:
        links = [x.strip() for x in self.cleaned_data["links"].splitlines() if x.strip()]
        for link in links:
            if not re.match(r"^https?://\S+$", link):
                raise forms.ValidationError(
                    bi_lazy(f"“{link}”不是 http(s) 链接。", f"{link!r} is not an http(s) link.")
                )
        return links

    def to_data(self, source: str = Notification.Source.DESK) -> NotificationData:
        d = self.cleaned_data
        distributed = d["distributed_on"]
        readings = {
            name: read_date(d.get(name) or "", distributed_on=distributed)
            for name in ("comment_deadline", "adoption_date", "entry_into_force")
        }
        return NotificationData(
            symbol=d["symbol"],
            distributed_on=distributed,
            title=d["title"],
            title_zh=d["title_zh"],
            summary_zh=d["summary_zh"],
            description=d["description"],
            objective=d["objective"],
            products_text=d["products_text"],
            hs_codes=split_codes(d["hs_codes"]),
            ics_codes=split_codes(d["ics_codes"]),
            keywords=[k.strip() for k in re.split(r"[;,，；、\n]+", d["keywords"]) if k.strip()],
            comment_deadline=readings["comment_deadline"].value,
            comment_deadline_text=readings["comment_deadline"].text,
            adoption_date=readings["adoption_date"].value,
            adoption_date_text=readings["adoption_date"].text,
            entry_into_force=readings["entry_into_force"].value,
            entry_into_force_text=readings["entry_into_force"].text,
            dates_flagged=any(r.flagged for r in readings.values()),
            agency=d["agency"],
            links=d["links"],
            language=d["language"],
            status=d["status"],
            source=source,
        )


class ImportForm(forms.Form):
    format = forms.ChoiceField(
        label=bi_lazy("格式", "Format"),
        choices=[
            ("", bi_lazy("按文件扩展名", "By file extension")),
            ("eping-xlsx", bi_lazy("ePing 导出表 (.xlsx)", "ePing export (.xlsx)")),
            ("eping-json", bi_lazy("ePing 接口 JSON", "ePing API JSON")),
        ],
        required=False,
    )
    file = forms.FileField(label=bi_lazy("文件", "File"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(
                bi_lazy("文件不能超过 20 MB。", "The file must not exceed 20 MB.")
            )
        if not upload.name.lower().endswith((".xlsx", ".json")):
            raise forms.ValidationError(
                bi_lazy("只接受 .xlsx 或 .json 文件。", "Only .xlsx or .json files are accepted.")
            )
        return upload


SECTOR_CHOICES = {
    "industries": [
        (s.slug, BiLabel(f"{s.name_zh} {s.name_en}", s.name_zh, s.name_en)) for s in INDUSTRIES
    ],
    "export_groups": [
        (s.slug, BiLabel(f"{s.name_zh} {s.name_en}", s.name_zh, s.name_en)) for s in EXPORT_GROUPS
    ],
}
#: a sector typed by its Chinese or English name (新光源, "new light sources") -> its slug
SECTOR_NAMES = {
    name.strip().lower(): s.slug
    for s in (*INDUSTRIES, *EXPORT_GROUPS)
    for name in (s.name_zh, s.name_en)
    if name
}


class CorrectionForm(forms.Form):
    field = forms.ChoiceField(
        label=bi_lazy("更正项", "Field"), choices=ClassificationCorrection.Field.choices
    )
    codes = forms.CharField(
        label=bi_lazy("正确的代码", "Correct codes"),
        required=False,
        help_text=bi_lazy(
            "HS 品目、ICS 分类号或行业/出口产品组名称(如 8539、29.140、新光源),"
            "多个用逗号分隔;留空表示“无”。",
            "HS headings, ICS codes or industry / export group slugs (textiles, "
            "new-light-sources), comma separated; empty means none.",
        ),
    )
    note = forms.CharField(label=bi_lazy("说明", "Note"), required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)

    def code_list(self) -> list[str]:
        """The codes typed, with sectors named in Chinese or English turned into their slugs."""
        codes = split_codes(self.cleaned_data.get("codes") or "")
        return [SECTOR_NAMES.get(code.strip().lower(), code) for code in codes]
