"""The write path for accounts, regions, tokens and the audit trail."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from biaozhun.common.errors import DomainError, NotFound

from .middleware import PendingAccount
from .models import ApiToken, AuditEvent, District, Organisation, Region, User


def record_audit(
    actor: User | None,
    action: str,
    obj: models.Model,
    changes: dict[str, Any] | None = None,
    *,
    district: District | None = None,
) -> AuditEvent:
    """Append one row to the audit trail; call it inside the service's transaction."""
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if authenticated else None,
        actor_label=str(actor) if authenticated else "system",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=json.loads(json.dumps(changes or {}, default=str)),
        district=district,
    )


def diff_fields(instance: models.Model, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set ``values`` on ``instance`` and return ``{field: [old, new]}`` for what changed."""
    changes: dict[str, list[Any]] = {}
    for name, new in values.items():
        old = getattr(instance, name)
        if old != new:
            changes[name] = [old, new]
            setattr(instance, name, new)
    return changes


@transaction.atomic
def load_region(path: Path) -> Region:
    """Create or update a region and its districts from a JSON file (see data/regions/)."""
    try:
        payload = json.loads(Path(path).read_text(encoding="utf-8"))
        region_data = payload["region"]
        districts = payload["districts"]
    except (OSError, ValueError, KeyError) as exc:
        raise DomainError(
            "bad_region_file",
            f"地区文件无法读取:{exc}",
            f"The region file cannot be read: {exc}",
        ) from exc
    region, _ = Region.objects.update_or_create(
        code=region_data["code"], defaults={k: v for k, v in region_data.items() if k != "code"}
    )
    valid_kinds = {choice.value for choice in District.Kind}
    successors: dict[str, str] = {}
    for order, item in enumerate(districts):
        if item.get("kind") not in valid_kinds:
            raise DomainError(
                "bad_district_kind",
                f"区县 {item.get('name_zh')} 的类型 {item.get('kind')!r} 无效。",
                f"District {item.get('name_en')} has an invalid kind {item.get('kind')!r}.",
            )
        District.objects.update_or_create(
            code=item["code"],
            defaults={
                "region": region,
                "name_zh": item["name_zh"],
                "name_en": item["name_en"],
                "kind": item["kind"],
                "is_urban": bool(item["is_urban"]),
                "order": order,
                "valid_from": _day(item.get("valid_from")),
                "valid_to": _day(item.get("valid_to")),
            },
        )
        if item.get("successor"):
            successors[item["code"]] = item["successor"]
    for code, successor in successors.items():
        # saved, not QuerySet.update(): the programme's figures stamp listens to saves
        district = District.objects.get(code=code)
        district.successor = District.objects.filter(code=successor).first()
        district.save(update_fields=["successor"])
    return region


def _day(text: Any) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError as exc:
        raise DomainError(
            "bad_region_file",
            f"地区文件日期无效:{text}",
            f"The region file has an invalid date: {text}",
        ) from exc


TOKEN_LIFETIMES_DAYS = (30, 90, 180, 365)
DEFAULT_TOKEN_DAYS = 90


class ReadOnlyToken(DomainError):
    status = 403

    def __init__(self) -> None:
        super().__init__(
            "read_only_token",
            "此 API 令牌为只读,只能读取数据(GET)。",
            "This API token is read-only: it can only read (GET).",
        )


def create_api_token(
    user: User, name: str, *, days: int = DEFAULT_TOKEN_DAYS, read_only: bool = False
) -> tuple[ApiToken, str]:
    """Issue a personal API token valid for ``days`` days; the clear key is returned once and
    never stored. A not-yet-approved enterprise user gets none."""
    name = name.strip()
    if not name:
        raise DomainError("name_required", "请填写令牌用途。", "Give the token a name.")
    if days not in TOKEN_LIFETIMES_DAYS:
        raise DomainError(
            "bad_token_lifetime",
            f"有效期只能是 {'、'.join(map(str, TOKEN_LIFETIMES_DAYS))} 天。",
            f"The lifetime must be one of {', '.join(map(str, TOKEN_LIFETIMES_DAYS))} days.",
        )
    if user.is_pending:
        raise PendingAccount()
    key = ApiToken.new_key()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name[:100],
            prefix=key[:10],
            key_hash=ApiToken.hash_key(key),
            expires_at=timezone.now() + timedelta(days=days),
            read_only=read_only,
        )
        record_audit(user, "api_token.create", token, {"days": days, "read_only": read_only})
    return token, key


def revoke_api_token(user: User, token_id: int) -> ApiToken:
    with transaction.atomic():
        token = ApiToken.objects.filter(user=user, pk=token_id, revoked_at__isnull=True).first()
        if token is None:
            raise NotFound("令牌", "token")
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_audit(user, "api_token.revoke", token)
    return token


def token_for_key(key: str) -> ApiToken | None:
    """The live token (not revoked, not expired, its user active) a bearer key names, or None."""
    if not key or not key.startswith("bz_"):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user", "user__enterprise")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True)
        .filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now))
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def user_for_token(key: str) -> User | None:
    """The active user a live bearer token belongs to, or None."""
    token = token_for_key(key)
    return token.user if token is not None else None


USERNAME_PATTERN = re.compile(r"^[\w.@+-]+\Z")


def check_username(username: str) -> str:
    """A user name is letters, digits and ``. @ + - _`` (no markup, spaces or control
    characters), at most 150 characters, and unique ignoring letter case."""
    name = unicodedata.normalize("NFKC", username or "").strip()
    if not name or len(name) > 150 or not USERNAME_PATTERN.match(name):
        raise DomainError(
            "bad_username",
            "用户名只能包含字母、数字和 . @ + - _,不超过 150 个字符。",
            "A user name may contain only letters, digits and . @ + - _ (at most 150 characters).",
            {"field": "username"},
        )
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise DomainError(
            "bad_username",
            "用户名不能包含控制字符。",
            "A user name cannot contain control characters.",
            {"field": "username"},
        )
    if User.objects.filter(username__iexact=name).exists():
        raise DomainError(
            "username_taken",
            f"用户名 {name} 已被使用(不区分大小写)。",
            f"The user name {name} is taken (letter case does not count).",
            {"field": "username"},
        )
    return name


@transaction.atomic
def create_user(
    *,
    username: str,
    password: str | None,
    role: str,
    email: str = "",
    display_name: str = "",
    organisation: Organisation | None = None,
    district: District | None = None,
    enterprise: Any = None,
    actor: User | None = None,
    is_staff: bool = False,
) -> User:
    """Create a user with a role; the role's required link (district, enterprise) is checked."""
    if role not in User.Role.values:
        raise DomainError("bad_role", f"角色 {role} 无效。", f"Unknown role {role}.")
    if role == User.Role.DISTRICT_OFFICER and district is None:
        raise DomainError(
            "district_required",
            "县(市、区)工作人员必须指定所属地区。",
            "A district officer needs a district.",
        )
    if role == User.Role.ENTERPRISE_USER and enterprise is None:
        raise DomainError(
            "enterprise_required",
            "企业用户必须指定所属企业。",
            "An enterprise user needs an enterprise.",
        )
    username = check_username(username)
    user = User(
        username=username,
        email=email,
        role=role,
        display_name=display_name,
        organisation=organisation,
        district=district,
        enterprise=enterprise,
        is_staff=is_staff or role == User.Role.BUREAU_ADMIN,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    record_audit(actor, "user.create", user, {"role": role})
    return user
