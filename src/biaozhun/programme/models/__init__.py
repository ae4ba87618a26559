"""The programme's models, by subject: the registries (三 重点工作, ``registries``), the programme
and its targets (二 总体目标, ``targets``), the leadership group's supervision (四 保障措施,
``tasks``) and publicity (``news``); ``common`` holds what they share.

Django finds the models here; the rest of the code imports them from this package.
"""

from .common import DUPLICATE, Level, V, bi_invalid, catalogue_record, check_designation
from .news import Event, NewsPost
from .registries import (
    Adoption,
    Alliance,
    DemonstrationSite,
    DraftedStandard,
    Inspection,
    PatentDeclaration,
    PilotEnterprise,
    RegistryRecord,
    SectorStandard,
    Talent,
    TechnicalCommittee,
    TrainingSession,
)
from .targets import DistrictQuota, Programme, Target
from .tasks import GroupMember, ProgressUpdate, Task, progress_upload_to

__all__ = [
    "DUPLICATE",
    "Adoption",
    "Alliance",
    "DemonstrationSite",
    "DistrictQuota",
    "DraftedStandard",
    "Event",
    "GroupMember",
    "Inspection",
    "Level",
    "NewsPost",
    "PatentDeclaration",
    "PilotEnterprise",
    "Programme",
    "ProgressUpdate",
    "RegistryRecord",
    "SectorStandard",
    "Talent",
    "Target",
    "Task",
    "TechnicalCommittee",
    "TrainingSession",
    "V",
    "bi_invalid",
    "catalogue_record",
    "check_designation",
    "progress_upload_to",
]
