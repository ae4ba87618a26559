"""The standards catalogue (标准目录): standards, drafting organisations, import runs and the
changes each import detected.

Contract used by other apps (the ``validity`` app builds 标准查新 and watch lists on it):
``Standard`` (``canonical`` unique, ``key`` edition-independent, ``status``, ``replaced_by``),
``CatalogueChange`` rows recorded by every import, and the selectors in ``selectors.py``.
"""

from __future__ import annotations

from django.db import models

from biaozhun.enterprises.models import Enterprise, Industry


class Standard(models.Model):
    """One edition of a standard, identified by its canonical designation."""

    class Level(models.TextChoices):
        INTERNATIONAL = "international", "国际标准 international"
        FOREIGN = "foreign", "国外先进标准 foreign"
        NATIONAL = "national", "国家标准 national"
        INDUSTRY = "industry", "行业标准 industry"
        LOCAL = "local", "地方标准 local"
        GROUP = "group", "团体标准 group"
        ENTERPRISE = "enterprise", "企业标准 enterprise"

    class Status(models.TextChoices):
        CURRENT = "current", "现行 current"
        UPCOMING = "upcoming", "即将实施 upcoming"
        WITHDRAWN = "withdrawn", "废止 withdrawn"
        REPLACED = "replaced", "被代替 replaced"

    class Source(models.TextChoices):
        ISO = "iso", "ISO (relaton)"
        IEC = "iec", "IEC (relaton)"
        CN_PLATFORM = "cn_platform", "全国标准信息公共服务平台 national platform"
        CN_ANNOUNCEMENT = "cn_announcement", "标准发布、废止和备案公告 standard announcements"
        TEMPLATE = "template", "模板导入 template"
        MANUAL = "manual", "手工录入 manual"
        ETSI = "etsi", "ETSI (relaton)"
        CIE = "cie", "CIE (relaton)"
        OIML = "oiml", "OIML (relaton)"

    canonical = models.CharField("标准号 designation", max_length=200, unique=True)
    key = models.CharField("版本无关键 key", max_length=200, db_index=True)
    prefix = models.CharField(max_length=60, blank=True)
    publisher = models.CharField(max_length=60, blank=True, db_index=True)
    number = models.CharField(max_length=60, blank=True)
    part = models.CharField(max_length=60, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    level = models.CharField(max_length=20, choices=Level.choices, db_index=True)
    doc_type = models.CharField(max_length=20, blank=True)
    #: edition / amendment / variant / draft / other, read from the designation
    #: (core.validity.edition_form): the 查新 reads it instead of parsing catalogue designations
    edition_form = models.CharField(max_length=10, blank=True)
    title_zh = models.CharField("中文名称 Chinese title", max_length=500, blank=True)
    title_en = models.CharField("英文名称 English title", max_length=1000, blank=True)
    title_fr = models.CharField("法文名称 French title", max_length=1000, blank=True)
    status = models.CharField(
        "状态 status", max_length=20, choices=Status.choices, default=Status.CURRENT, db_index=True
    )
    published_on = models.DateField("发布日期 published", null=True, blank=True)
    implemented_on = models.DateField("实施日期 implemented", null=True, blank=True)
    withdrawn_on = models.DateField("废止日期 withdrawn", null=True, blank=True)
    ics_codes = models.JSONField("ICS", default=list, blank=True)
    # the distinct ICS fields (2 digits) of ics_codes, space-separated: the ICS facet of search
    ics_fields = models.CharField(max_length=60, blank=True)
    ccs_codes = models.JSONField("CCS", default=list, blank=True)
    committee = models.CharField("技术委员会 committee", max_length=200, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
        verbose_name="被代替为 replaced by",
    )
    adoptions = models.JSONField("采标 adoptions", default=list, blank=True)
    industries = models.ManyToManyField(Industry, blank=True, related_name="standards")
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MANUAL)
    source_ref = models.CharField(max_length=300, blank=True)
    # the status as the source wrote it (ISO stage "95.99", IEC "REVISED", 平台 "被代替")
    source_status = models.CharField(max_length=40, blank=True)
    is_example = models.BooleanField("示例数据 example", default=False)
    search_text = models.TextField(blank=True)
    # number of tokens of search_text: the cheap relevance of very broad searches
    search_len = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["canonical"]
        indexes = [
            models.Index(fields=["published_on"]),
            # the newest change: the 查新 suggestion index is rebuilt when it moves
            models.Index(fields=["updated_at"], name="catalogue_std_updated"),
            # narrow covering indexes of search: the join from the full-text matches by id,
            # and the grouped facet counts without a text query (see selectors.search_standards)
            models.Index(
                fields=[
                    "id",
                    "level",
                    "status",
                    "ics_fields",
                    "search_len",
                    "published_on",
                    "is_example",
                ],
                name="catalogue_std_search_cover",
            ),
            models.Index(
                fields=["level", "status", "ics_fields", "published_on", "is_example"],
                name="catalogue_std_facets",
            ),
        ]

    def __str__(self) -> str:
        return self.canonical

    @property
    def title(self) -> str:
        return self.title_zh or self.title_en or self.title_fr

    @property
    def is_in_force(self) -> bool:
        return self.status == self.Status.CURRENT


class DraftingOrganisation(models.Model):
    """An organisation that drafted a standard (起草单位), with its rank in the list; linked to
    the city's enterprise when it is one."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="drafters")
    enterprise = models.ForeignKey(
        Enterprise,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="drafted_standards",
    )
    name = models.CharField("单位名称 name", max_length=300)
    rank = models.PositiveSmallIntegerField("排名 rank", default=1)

    class Meta:
        ordering = ["standard", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "name"], name="one_drafter_name_per_std")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.standard})"


class ImportRun(models.Model):
    """One run of a catalogue importer over one file."""

    source = models.CharField(max_length=30)  # the import FORMAT: relaton-iso, template, ...
    filename = models.CharField(max_length=500)
    sha256 = models.CharField(max_length=64, db_index=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    catalogue_date = models.DateField("目录日期 catalogue date", null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.source} {self.filename} {self.started_at:%Y-%m-%d %H:%M}"


class CatalogueChange(models.Model):
    """A change of the catalogue detected by an import (new standard, status change, ...)."""

    class Kind(models.TextChoices):
        NEW = "new", "新增 new"
        STATUS_CHANGED = "status_changed", "状态变化 status changed"
        REPLACED = "replaced", "被代替 replaced"
        WITHDRAWN = "withdrawn", "废止 withdrawn"
        UPDATED = "updated", "信息更新 updated"

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="changes")
    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    old_status = models.CharField(max_length=20, blank=True)
    new_status = models.CharField(max_length=20, blank=True)
    detected_on = models.DateField()
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-detected_on", "-id"]
        indexes = [models.Index(fields=["detected_on"])]

    def __str__(self) -> str:
        return f"{self.standard} {self.kind} {self.detected_on}"

    @property
    def old_status_display(self) -> str:
        return _status_label(self.old_status)

    @property
    def new_status_display(self) -> str:
        return _status_label(self.new_status)


def _status_label(value: str) -> str:
    return str(dict(Standard.Status.choices).get(value, value))


class StandardVector(models.Model):
    """The sentence vector of a standard's titles, for cross-lingual search (see
    ``catalogue/vectors.py``): ``DIM`` float16 values as bytes, and a hash of the embedded text
    and model, so a rebuild embeds only new and changed titles."""

    standard = models.OneToOneField(
        Standard, on_delete=models.CASCADE, primary_key=True, related_name="vector"
    )
    text_hash = models.CharField(max_length=16)
    vector = models.BinaryField()

    def __str__(self) -> str:
        return f"vector of {self.standard_id}"


class VectorBuild(models.Model):
    """One run of the background build of the vectors, with its progress (shown to staff)."""

    class State(models.TextChoices):
        RUNNING = "running", "进行中 running"
        DONE = "done", "已完成 done"
        FAILED = "failed", "失败 failed"
        INTERRUPTED = "interrupted", "已中断 interrupted"

    state = models.CharField(max_length=12, choices=State.choices, default=State.RUNNING)
    model = models.CharField(max_length=80)
    total = models.PositiveIntegerField(default=0)  # standards in the catalogue
    present = models.PositiveIntegerField(default=0)  # up to date when the run started
    todo = models.PositiveIntegerField(default=0)  # to embed in this run
    embedded = models.PositiveIntegerField(default=0)  # embedded so far in this run
    started_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"vector build {self.pk} {self.state} {self.present + self.embedded}/{self.total}"
