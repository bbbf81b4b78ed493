"""Rules for the unit tree and the roles on it.

Every change goes through here, under a transaction, with the permission gate
asked first; views, the API and the command line are thin layers over these.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from tincoso.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from tincoso.core.text import clean_line
from tincoso.units import permissions, subtree_tallies
from tincoso.units.models import Membership, Role, Unit, UnitKind
from tincoso.units.permissions import Action


class TreeError(DomainError):
    code = "invalid_tree"


@dataclass(frozen=True)
class UnitData:
    """One unit as read from a form, the API or an import file."""

    code: str
    name: str
    kind: str
    short_name: str = ""
    parent: str | None = None  # the parent's code; None for a root


def normalise_code(code: str) -> str:
    return slugify(clean_line(code or "")).lower()


def validate_unit_data(data: UnitData) -> UnitData:
    code = normalise_code(data.code)
    name = clean_line(data.name or "")
    if not code:
        raise TreeError(_("Đơn vị “%(name)s” thiếu mã."), name=name or "?")
    if not name:
        raise TreeError(_("Đơn vị có mã “%(code)s” thiếu tên."), code=code)
    if data.kind not in UnitKind.values:
        raise TreeError(
            _("Loại đơn vị “%(kind)s” không hợp lệ (mã %(code)s). Các loại hợp lệ: %(kinds)s."),
            kind=data.kind,
            code=code,
            kinds=", ".join(UnitKind.values),
        )
    parent = normalise_code(data.parent) if data.parent else None
    return UnitData(code, name, data.kind, clean_line(data.short_name or ""), parent or None)


def get_unit(code: str) -> Unit:
    try:
        return Unit.objects.get(code=code)
    except Unit.DoesNotExist:
        raise NotFoundError(_("Không tìm thấy đơn vị có mã “%(code)s”."), code=code) from None


@transaction.atomic
def create_unit(actor: Any, data: UnitData) -> Unit:
    """Create a unit under ``data.parent`` (a root only for superusers)."""
    data = validate_unit_data(data)
    if Unit.objects.filter(code=data.code).exists():
        raise ConflictError(_("Mã đơn vị “%(code)s” đã tồn tại."), code=data.code)
    fields = {
        "code": data.code,
        "name": data.name,
        "kind": data.kind,
        "short_name": data.short_name,
    }
    if data.parent is None:
        if actor is not None and not getattr(actor, "is_superuser", False):
            raise permissions.PermissionDeniedError(
                _("Chỉ quản trị hệ thống mới tạo được đơn vị gốc.")
            )
        return Unit.objects.add_root(fields)
    parent = get_unit(data.parent)
    if actor is not None:
        permissions.require(actor, Action.MANAGE_UNITS, parent)
    return Unit.objects.add_child(parent, fields)


@transaction.atomic
def update_unit(actor: Any, unit: Unit, *, name: str, short_name: str, kind: str) -> Unit:
    permissions.require(actor, Action.MANAGE_UNITS, unit)
    data = validate_unit_data(UnitData(unit.code, name, kind, short_name))
    unit.name, unit.short_name, unit.kind = data.name, data.short_name, data.kind
    unit.save(update_fields=["name", "short_name", "kind"])
    return unit


@transaction.atomic
def move_unit(actor: Any, unit: Unit, new_parent: Unit) -> Unit:
    """Move ``unit`` and its whole subtree under ``new_parent``.

    The actor needs the right to manage both the unit and the new parent; a
    move under the unit's own subtree would make a cycle and is refused.
    """
    if actor is not None:
        permissions.require(actor, Action.MANAGE_UNITS, unit)
        permissions.require(actor, Action.MANAGE_UNITS, new_parent)
    unit.refresh_from_db()
    new_parent.refresh_from_db()
    if new_parent.is_within(unit):
        raise TreeError(
            _("Không thể chuyển “%(unit)s” vào chính nó hoặc đơn vị cấp dưới “%(parent)s”."),
            unit=unit.name,
            parent=new_parent.name,
        )
    current = Unit.objects.get_parent(unit)
    if current is not None and current.pk == new_parent.pk:
        return unit
    with subtree_tallies.moving(unit):
        Unit.objects.move(unit, new_parent, pos="last-child")
    unit.refresh_from_db()
    return unit


@transaction.atomic
def delete_unit(actor: Any, unit: Unit) -> None:
    permissions.require(actor, Action.MANAGE_UNITS, unit)
    if Unit.objects.get_children_count(unit):
        raise ConflictError(_("Không thể xóa “%(unit)s” vì còn đơn vị trực thuộc."), unit=unit.name)
    unit.delete()


# --- roles ----------------------------------------------------------------------


@transaction.atomic
def grant_role(actor: Any, user: Any, unit: Unit, role: str) -> Membership:
    """Give ``user`` ``role`` on ``unit`` (replacing any role they had there)."""
    if actor is not None:
        permissions.require(actor, Action.MANAGE_MEMBERS, unit)
    if role not in Role.values:
        raise DomainError(_("Vai trò “%(role)s” không hợp lệ."), role=role)
    if role == Role.APPROVER and actor is not None and actor.pk == user.pk:
        # An administrator runs the system, not the line: approval rights come from
        # another administrator (of the unit or above), never from oneself.
        raise PermissionDeniedError(
            _("Không tự cấp vai trò lãnh đạo duyệt cho chính mình; hãy nhờ quản trị khác.")
        )
    membership, created = Membership.objects.get_or_create(
        user=user, unit=unit, defaults={"role": role}
    )
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    permissions.forget(user)
    return membership


@transaction.atomic
def revoke_role(actor: Any, membership: Membership) -> None:
    if actor is not None:
        permissions.require(actor, Action.MANAGE_MEMBERS, membership.unit)
    user = membership.user
    membership.delete()
    permissions.forget(user)


@transaction.atomic
def create_person(
    actor: Any,
    *,
    username: str,
    full_name: str,
    email: str,
    unit: Unit,
    role: str,
    password: str | None = None,
) -> Any:
    """Create a user account with a first role on ``unit``.

    Without a password the account cannot log in until the person sets one
    through the password-reset e-mail.
    """
    if actor is not None:
        permissions.require(actor, Action.MANAGE_MEMBERS, unit)
    User = get_user_model()
    username = clean_line(username)
    if not username:
        raise DomainError(_("Tên đăng nhập không được để trống."))
    if User.objects.filter(username__iexact=username).exists():
        raise ConflictError(_("Tên đăng nhập “%(username)s” đã có người dùng."), username=username)
    try:
        user = User.objects.create_user(
            username=username,
            email=clean_line(email),
            password=password,
            full_name=clean_line(full_name),
        )
    except IntegrityError:
        raise ConflictError(
            _("Tên đăng nhập “%(username)s” đã có người dùng."), username=username
        ) from None
    grant_role(actor, user, unit, role)
    return user
