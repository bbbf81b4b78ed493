"""Staff pages for the unit tree, people and roles, and the audit log."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tincoso.core import clock, todo
from tincoso.core.errors import DomainError
from tincoso.core.text import fold
from tincoso.units import guidance, permissions, services, treefile
from tincoso.units.forms import (
    GrantForm,
    GuidanceForm,
    MoveForm,
    PersonForm,
    TreeImportForm,
    UnitForm,
)
from tincoso.units.models import Guidance, Membership, Unit
from tincoso.units.permissions import Action


def _unit_for(request: HttpRequest, code: str, action: Action = Action.VIEW) -> Unit:
    unit = get_object_or_404(Unit, code=code)
    permissions.require(request.user, action, unit)
    return unit


@login_required
def tree(request: HttpRequest) -> HttpResponse:
    """The units the user may see, as a tree; ``q`` filters, ignoring diacritics."""
    visible = permissions.units_where(request.user, Action.VIEW).order_by("path")
    query = (request.GET.get("q") or "").strip()
    units = list(visible)
    if query:
        needle = fold(query)
        units = [
            u
            for u in units
            if needle in fold(u.name) or needle in u.code or needle in fold(u.short_name)
        ]
    base_depth = min((u.depth for u in units), default=1)
    context = {"units": units, "query": query, "base_depth": base_depth}
    partial = bool(getattr(request, "htmx", False))  # django_htmx.middleware.HtmxMiddleware
    template = "units/_tree_rows.html" if partial else "units/tree.html"
    return render(request, template, context)


@login_required
def detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit_for(request, code)
    user = request.user
    context = {
        "unit": unit,
        "ancestors": [
            a for a in Unit.objects.get_ancestors(unit) if permissions.can(user, Action.VIEW, a)
        ],
        "children": Unit.objects.get_children(unit),
        "memberships": unit.memberships.select_related("user").order_by("role", "user__username")
        if permissions.can(user, Action.MANAGE_MEMBERS, unit)
        else None,
        "can_manage_units": permissions.can(user, Action.MANAGE_UNITS, unit),
        "can_manage_members": permissions.can(user, Action.MANAGE_MEMBERS, unit),
        "can_view_audit": permissions.can(user, Action.VIEW_AUDIT, unit),
        "child_form": UnitForm(),
        "move_form": MoveForm(),
        # Both forms ask for a username and a role: distinct ids, or each label
        # would name the first form's field.
        "grant_form": GrantForm(auto_id="grant-%s"),
        "person_form": PersonForm(auto_id="person-%s"),
        "guidance": guidance.links_of(unit),
        "guidance_form": GuidanceForm(),
    }
    return render(request, "units/detail.html", context)


def _done(request: HttpRequest, unit: Unit, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("unit-detail", code=unit.code)


def _failed(request: HttpRequest, unit: Unit, error: DomainError | str) -> HttpResponse:
    messages.error(request, str(error))
    return redirect("unit-detail", code=unit.code)


@login_required
@require_POST
def add_child(request: HttpRequest, code: str) -> HttpResponse:
    parent = _unit_for(request, code, Action.MANAGE_UNITS)
    form = UnitForm(request.POST)
    if not form.is_valid():
        return _failed(
            request,
            parent,
            _("Thông tin đơn vị chưa hợp lệ: %(errors)s") % {"errors": form.errors.as_text()},
        )
    data = services.UnitData(parent=parent.code, **form.cleaned_data)
    child = services.create_unit(request.user, data)
    return _done(request, parent, _("Đã thêm đơn vị “%(name)s”.") % {"name": child.name})


@login_required
@require_POST
def move(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit_for(request, code, Action.MANAGE_UNITS)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _failed(request, unit, _("Hãy nhập mã đơn vị cấp trên mới."))
    new_parent = services.get_unit(form.cleaned_data["new_parent"].strip())
    try:
        services.move_unit(request.user, unit, new_parent)
    except DomainError as exc:
        return _failed(request, unit, exc)
    return _done(
        request, unit, _("Đã chuyển đơn vị sang “%(parent)s”.") % {"parent": new_parent.name}
    )


@login_required
@require_POST
def grant(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit_for(request, code, Action.MANAGE_MEMBERS)
    form = GrantForm(request.POST)
    if not form.is_valid():
        return _failed(request, unit, _("Thông tin phân quyền chưa hợp lệ."))
    User = get_user_model()
    person = User.objects.filter(username=form.cleaned_data["username"].strip()).first()
    if person is None:
        return _failed(
            request,
            unit,
            _("Không có người dùng “%(username)s”.") % {"username": form.cleaned_data["username"]},
        )
    services.grant_role(request.user, person, unit, form.cleaned_data["role"])
    return _done(request, unit, _("Đã phân quyền cho %(person)s.") % {"person": person})


@login_required
@require_POST
def add_person(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit_for(request, code, Action.MANAGE_MEMBERS)
    form = PersonForm(request.POST)
    if not form.is_valid():
        return _failed(
            request,
            unit,
            _("Thông tin người dùng chưa hợp lệ: %(errors)s") % {"errors": form.errors.as_text()},
        )
    try:
        person = services.create_person(request.user, unit=unit, **form.cleaned_data)
    except DomainError as exc:
        return _failed(request, unit, exc)
    return _done(
        request,
        unit,
        _("Đã tạo tài khoản %(person)s. Người dùng đặt mật khẩu qua chức năng “Quên mật khẩu”.")
        % {"person": person},
    )


@login_required
@require_POST
def revoke(request: HttpRequest, code: str, membership_id: int) -> HttpResponse:
    unit = _unit_for(request, code, Action.MANAGE_MEMBERS)
    membership = get_object_or_404(Membership, pk=membership_id, unit=unit)
    services.revoke_role(request.user, membership)
    return _done(request, unit, _("Đã thu hồi quyền."))


@login_required
def people(request: HttpRequest) -> HttpResponse:
    """Everyone holding a role in the subtrees the user administers."""
    memberships = permissions.restrict(
        Membership.objects.select_related("user", "unit"), request.user, Action.MANAGE_MEMBERS
    ).order_by("unit__path", "role")
    if (
        not permissions.root_paths(request.user, Action.MANAGE_MEMBERS)
        and not request.user.is_superuser
    ):
        raise permissions.PermissionDeniedError(_("Chỉ quản trị đơn vị mới xem được trang này."))
    page = Paginator(memberships, 50).get_page(request.GET.get("page"))
    return render(request, "units/people.html", {"page": page})


@login_required
def audit(request: HttpRequest, code: str) -> HttpResponse:
    """Changes to the unit's subtree and the roles in it, newest first."""
    unit = _unit_for(request, code, Action.VIEW_AUDIT)
    ids = [str(pk) for pk in unit.subtree().values_list("pk", flat=True)]
    int_ids = [int(pk) for pk in ids]
    unit_type = ContentType.objects.get_for_model(Unit)
    entries = (
        LogEntry.objects.filter(
            Q(content_type=unit_type, object_pk__in=ids) | Q(additional_data__unit_id__in=int_ids)
        )
        .select_related("actor", "content_type")
        .order_by("-timestamp")
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    # (field, before, after) rows, built here: a template's ``changes.items`` would
    # look up a field named "items" first.
    for entry in page:
        entry.change_rows = [(field, *change[:2]) for field, change in
                             (entry.changes_dict or {}).items() if isinstance(change, list)]
    return render(request, "units/audit.html", {"unit": unit, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def import_file(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit_for(request, code, Action.MANAGE_UNITS)
    form = TreeImportForm(request.POST or None, request.FILES or None)
    result = None
    error = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = treefile.read_tree_file(upload.read(treefile.MAX_BYTES + 1), upload.name)
            for row in rows:
                if row.parent is None:
                    raise services.TreeError(
                        _("Đơn vị “%(code)s” thiếu đơn vị cấp trên."), code=row.code
                    )
            result = treefile.import_tree(request.user, rows)
        except DomainError as exc:
            error = exc
    return render(
        request, "units/import.html", {"unit": unit, "form": form, "result": result, "error": error}
    )


@login_required
def export_file(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    unit = _unit_for(request, code, Action.VIEW)
    body = treefile.export_tree(fmt, unit)
    content_type = "text/csv" if fmt == "csv" else "application/yaml"
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{unit.code}.{fmt}"'
    return response


@login_required
@require_POST
def add_guidance(request: HttpRequest, code: str) -> HttpResponse:
    guide = _unit_for(request, code, Action.MANAGE_UNITS)
    form = GuidanceForm(request.POST)
    if not form.is_valid():
        return _failed(
            request,
            guide,
            _("Thông tin quan hệ chỉ đạo chưa hợp lệ: %(errors)s")
            % {"errors": form.errors.as_text()},
        )
    guided = services.get_unit(services.normalise_code(form.cleaned_data["guided"]))
    made = guidance.link(
        request.user, guide, guided, form.cleaned_data["purposes"], form.cleaned_data["note"]
    )
    return _done(
        request,
        guide,
        _("“%(guide)s” chỉ đạo “%(guided)s”.") % {"guide": guide.name, "guided": made.guided.name},
    )


@login_required
@require_POST
def remove_guidance(request: HttpRequest, code: str, link_id: int) -> HttpResponse:
    unit = _unit_for(request, code, Action.VIEW)
    made = get_object_or_404(
        Guidance.objects.select_related("guide", "guided"),
        Q(guide=unit) | Q(guided=unit),
        pk=link_id,
    )
    guidance.unlink(request.user, made)
    return _done(request, unit, _("Đã bỏ quan hệ chỉ đạo “%(link)s”.") % {"link": str(made)})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The to-do home: what waits for the person in each app, then their units and roles."""
    sections = todo.sections_for(request.user)
    todo.remember_counts(request, sections)
    memberships = permissions.roles_of(request.user)
    return render(
        request,
        "core/dashboard.html",
        {"sections": sections, "memberships": memberships, "now": clock.now()},
    )
