"""The project page: every field, searchable links, budget lines and the step plan."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core.exceptions import ConflictError
from core.fiscal import fiscal_months
from projects.models import Project

from .. import services
from ..access import plan_for_edit, plan_for_view
from ..project_forms import BudgetFS, ProjectForm, WorkStepFS, initial_from_project
from ..selectors import plan_totals
from .common import item_notes, plan_flags, totals_html
from .items import _add_errors


def _sets(data, initial):
    if data is not None:
        return {
            "budget": BudgetFS(data, prefix="budget"),
            "steps": WorkStepFS(data, prefix="steps"),
        }
    return {
        "budget": BudgetFS(initial=initial["budget"], prefix="budget"),
        "steps": WorkStepFS(initial=initial["steps"], prefix="steps"),
    }


def _context(request, plan, project, form, sets, **extra):
    key = f"project:{project.code}" if project else ""
    return {
        **plan_flags(request, plan),
        "project": project,
        "form": form,
        "sets": sets,
        "months": fiscal_months(plan.fiscal_year),
        "item_key": key,
        **(item_notes(plan, key) if project else {"comments": [], "marks": []}),
        **extra,
    }


def _form(request, plan, project, form, sets, *, status=200, **extra):
    html = render_to_string(
        "editor/_project_form.html", _context(request, plan, project, form, sets, **extra), request
    )
    return HttpResponse(html + totals_html(request, plan), status=status)


@login_required
@require_http_methods(["GET", "POST"])
def project_page(request, plan_id: int, project_id: int | None = None):
    plan = plan_for_view(request, plan_id)
    project = get_object_or_404(Project, plan=plan, pk=project_id) if project_id else None
    if request.method == "GET":
        if project is None and not plan_flags(request, plan)["can_edit"]:
            raise PermissionDenied
        initial = {}
        if project is None and request.GET.get("part", "").isdigit():
            initial["part"] = int(request.GET["part"])
        form = ProjectForm(instance=project, plan=plan, initial=initial)
        sets = _sets(None, initial_from_project(project, plan))
        return render(
            request,
            "editor/project_page.html",
            {**_context(request, plan, project, form, sets), "totals": plan_totals(plan)},
        )
    plan = plan_for_edit(request, plan_id)
    form = ProjectForm(request.POST, instance=project or Project(), plan=plan)
    sets = _sets(request.POST, None)
    valid = form.is_valid() & all([s.is_valid() for s in sets.values()])
    if not valid:
        return _form(request, plan, project, form, sets, status=422)
    try:
        saved = services.project_save(
            plan=plan,
            project=project,
            expected_version=form.cleaned_data.get("version"),
            fields=form.project_fields(),
            owner_units=form.cleaned_data["owner_units"],
            nodes=form.cleaned_data["nodes"],
            policies=form.cleaned_data["policies"],
            kpis=form.cleaned_data["kpis"],
            primary_kpi=form.cleaned_data.get("primary_kpi"),
            budget_lines=sets["budget"].rows(),
            steps=sets["steps"].rows(),
        )
    except ConflictError:
        from audit.selectors import last_change

        current = Project.objects.get(pk=project.pk)
        rows = []
        for name in ("code", "name_th", "part", "priority", "owner_text", "status_note"):
            mine, theirs = form.cleaned_data.get(name), getattr(current, name)
            if str(mine if mine is not None else "") != str(theirs if theirs is not None else ""):
                rows.append({"label": form.fields[name].label, "mine": mine, "theirs": theirs})
        conflict = {
            "message": "โครงการนี้ถูกบันทึกโดยผู้อื่นหลังจากที่คุณเปิดแก้ไข ค่าที่คุณกรอกยังอยู่ครบในแบบฟอร์ม",
            "rows": rows,
            "last": last_change(current),
        }
        data = request.POST.copy()
        data["version"] = current.version
        form = ProjectForm(data, instance=current, plan=plan)
        form.is_valid()
        return _form(request, plan, current, form, sets, status=409, conflict=conflict)
    except (ValidationError, IntegrityError) as exc:
        if isinstance(exc, ValidationError):
            _add_errors(form, exc)
        else:
            form.add_error(None, "บันทึกไม่สำเร็จ: ข้อมูลซ้ำกับรายการอื่น")
        return _form(request, plan, project, form, sets, status=422)
    if project is None:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("editor:project_edit", args=[plan.pk, saved.pk])
        return response
    saved.refresh_from_db()
    form = ProjectForm(instance=saved, plan=plan)
    sets = _sets(None, initial_from_project(saved, plan))
    return _form(request, plan, saved, form, sets, saved_ok=True)


@login_required
@require_POST
def project_remove(request, plan_id: int, project_id: int):
    plan = plan_for_edit(request, plan_id)
    project = get_object_or_404(Project, plan=plan, pk=project_id)
    try:
        services.project_delete(
            plan=plan, project=project, expected_version=int(request.POST.get("version") or 0)
        )
    except ConflictError:
        return HttpResponse(
            '<div class="conflict">โครงการนี้ถูกแก้ไขโดยผู้อื่น กรุณาโหลดหน้าใหม่ก่อนลบ</div>', status=409
        )
    response = HttpResponse(status=204)
    response["HX-Redirect"] = (
        reverse("editor:plan_editor", args=[plan.pk]) + f"#projects-{project.part}"
    )
    return response
