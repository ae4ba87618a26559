"""The programme's models, by subject: the registries (三 重点工作, ``registries``), the programme
and its targets (二 总体目标, ``targets``), the leadership group's supervision (四 保障措施,
``tasks``) and publicity (``news``); ``common`` holds what they share.

Django finds the models here; the rest of the code imports them from this package.
"""

from .common import DUPLICATE, Level, V, bi_invalid, catalogue_record, check_designation
from .figures import FiguresStamp
from .news import Event, NewsPost
from .participation import Association, CommitteeMembership
from .registries import (
    Adoption,
    Alliance,
    CommitteeStatus,
    DemonstrationSite,
    DraftedStandard,
    Inspection,
    PatentDeclaration,
    PilotEnterprise,
    RegistryRecord,
    SectorStandard,
    SiteStatus,
    Talent,
    TechnicalCommittee,
    TrainingSession,
)
from .targets import DistrictQuota, Programme, Target
from .tasks import (
    GroupMeeting,
    GroupMember,
    MeetingDecision,
    ProgressUpdate,
    Task,
    progress_upload_to,
)
from .trainings import TrainingSignup

__all__ = [
    "DUPLICATE",
    "Adoption",
    "Alliance",
    "Association",
    "CommitteeMembership",
    "CommitteeStatus",
    "DemonstrationSite",
    "DistrictQuota",
    "DraftedStandard",
    "Event",
    "FiguresStamp",
    "GroupMeeting",
    "GroupMember",
    "Inspection",
    "Level",
    "MeetingDecision",
    "NewsPost",
    "PatentDeclaration",
    "PilotEnterprise",
    "Programme",
    "ProgressUpdate",
    "RegistryRecord",
    "SectorStandard",
    "SiteStatus",
    "Talent",
    "Target",
    "Task",
    "TechnicalCommittee",
    "TrainingSession",
    "TrainingSignup",
    "V",
    "bi_invalid",
    "catalogue_record",
    "check_designation",
    "progress_upload_to",
]
