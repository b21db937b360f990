"""Workflow pages: the submission check, submit, return with comments, approve, revise; and
creating a plan (optionally from last year's)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.scope import can_change_plan_status, can_create_plan, can_review
from kpis.models import Kpi
from projects.models import Project

from .. import services
from ..access import plan_for_edit, plan_for_review, plan_for_view
from ..models import ReviewComment, RevisitMark
from .common import plan_flags


def issue_links(plan, issues) -> list[dict]:
    """Each issue with a link to where it is fixed."""
    kpis = dict(Kpi.objects.filter(plan=plan).values_list("code", "pk"))
    projects = dict(Project.objects.filter(plan=plan).values_list("code", "pk"))
    editor = reverse("editor:plan_editor", args=[plan.pk])

    def match(path: str, prefix: str, codes: dict):
        rest = path[len(prefix) :]
        best = None
        for code in codes:
            hit = rest == code or rest.startswith((code + ".", code + "["))
            if hit and (best is None or len(code) > len(best)):
                best = code
        return best

    out = []
    for issue in issues:
        path = issue.path or ""
        url = editor
        if path.startswith("kpi:") and (code := match(path, "kpi:", kpis)):
            url = reverse("editor:kpi_edit", args=[plan.pk, kpis[code]]) + "#kpi-scale"
        elif path.startswith("project:") and (code := match(path, "project:", projects)):
            url = reverse("editor:project_edit", args=[plan.pk, projects[code]]) + "#p-steps"
        elif path.startswith("component:"):
            url = editor + "#components"
        elif path.startswith(("section:", "swot:", "tows:")):
            url = editor + "#general"
        elif path.startswith("adoption:"):
            url = editor + "#adoptions"
        out.append({"issue": issue, "url": url})
    return out


@login_required
@require_http_methods(["GET"])
def plan_check(request, plan_id: int):
    plan = plan_for_view(request, plan_id)
    issues = services.submission_issues(plan)
    rows = issue_links(plan, issues)
    flags = plan_flags(request, plan)
    return render(
        request,
        "editor/plan_check.html",
        {
            **flags,
            "tab": "check",
            "nav": "plans",
            "errors": [r for r in rows if r["issue"].severity == "error"],
            "warnings": [r for r in rows if r["issue"].severity != "error"],
            "comments": ReviewComment.objects.filter(plan=plan).select_related("author"),
            "can_submit": flags["can_edit"]
            and can_change_plan_status(request.user, plan, "submitted"),
        },
    )


@login_required
@require_POST
def plan_submit(request, plan_id: int):
    plan = plan_for_edit(request, plan_id)
    if not can_change_plan_status(request.user, plan, "submitted"):
        raise PermissionDenied
    try:
        services.plan_submit(plan=plan, user=request.user)
    except services.SubmitBlocked as exc:
        messages.error(request, f"ยังส่งไม่ได้: มีข้อผิดพลาด {len(exc.issues)} รายการที่ต้องแก้ก่อน")
        return redirect("editor:plan_check", plan.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("editor:plan_check", plan.pk)
    messages.success(request, "ส่งแผนให้ สยป. พิจารณาแล้ว")
    return redirect("editor:plan_editor", plan.pk)


@login_required
@require_POST
def plan_return(request, plan_id: int):
    plan = plan_for_review(request, plan_id)
    try:
        services.plan_return(plan=plan, user=request.user, note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("editor:plan_check", plan.pk)
    messages.success(request, "ส่งแผนกลับให้หน่วยงานแก้ไขแล้ว")
    return redirect("editor:plan_editor", plan.pk)


@login_required
@require_POST
def plan_approve(request, plan_id: int):
    plan = plan_for_review(request, plan_id)
    try:
        services.plan_approve(plan=plan, user=request.user, note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("editor:plan_check", plan.pk)
    messages.success(request, "อนุมัติแผนแล้ว แผนนี้เป็นแบบอ่านอย่างเดียว")
    return redirect("editor:plan_editor", plan.pk)


@login_required
@require_POST
def plan_revise(request, plan_id: int):
    plan = plan_for_view(request, plan_id)
    if not can_change_plan_status(request.user, plan, "submitted"):
        raise PermissionDenied("เฉพาะผู้จัดทำแผนของหน่วยงานเท่านั้นที่ปรับแผนได้")
    try:
        services.plan_revise(plan=plan, user=request.user, note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("editor:plan_editor", plan.pk)
    messages.success(request, f"เปิดฉบับปรับปรุงครั้งที่ {plan.revision} แล้ว แก้ไขได้ตามปกติ")
    return redirect("editor:plan_editor", plan.pk)


@login_required
@require_http_methods(["GET", "POST"])
def comment_new(request, plan_id: int):
    plan = plan_for_view(request, plan_id)
    if not can_review(request.user) or plan.status != "submitted":
        raise PermissionDenied
    item = request.GET.get("item") or request.POST.get("item") or "plan"
    if request.method == "GET":
        return render(request, "editor/_comment_form.html", {"plan": plan, "item": item})
    try:
        comment = services.comment_add(
            plan=plan,
            user=request.user,
            item=item,
            text=request.POST.get("text", ""),
            label=_item_label(plan, item),
        )
    except ValidationError:
        return render(
            request,
            "editor/_comment_form.html",
            {"plan": plan, "item": item, "error": "กรุณาพิมพ์ความเห็น"},
            status=422,
        )
    return render(
        request,
        "editor/_notes.html",
        {"plan": plan, "comments": [comment], "marks": [], "review_mode": True, "item_key": item},
    )


def _item_label(plan, item: str) -> str:
    kind, _, code = item.partition(":")
    names = {"kpi": "ตัวชี้วัด", "project": "โครงการ", "section": "ส่วนเนื้อหา", "swot": "SWOT",
             "tows": "TOWS", "adoption": "ตัววัดผล", "component": "องค์ประกอบ"}  # fmt: skip
    if kind == "plan":
        return "ภาพรวมของแผน"
    return f"{names.get(kind, kind)} {code}"


@login_required
@require_POST
def comment_resolve(request, plan_id: int, comment_id: int):
    plan = plan_for_edit(request, plan_id)
    comment = get_object_or_404(ReviewComment, plan=plan, pk=comment_id)
    services.comment_resolve(comment=comment, user=request.user)
    return render(
        request,
        "editor/_notes.html",
        {**plan_flags(request, plan), "comments": [comment], "marks": []},
    )


@login_required
@require_POST
def mark_resolve(request, plan_id: int, mark_id: int):
    plan = plan_for_edit(request, plan_id)
    mark = get_object_or_404(RevisitMark, plan=plan, pk=mark_id)
    services.mark_resolve(mark=mark, user=request.user)
    return HttpResponse('<span class="badge badge-ok">✓ ทบทวนแล้ว</span>')


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    from ..create_forms import PlanCreateForm

    form = PlanCreateForm(request.POST or None, user=request.user, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["org_unit"]
        if not can_create_plan(request.user, unit):
            raise PermissionDenied
        try:
            plan = services.plan_create_from(
                org_unit=unit,
                fiscal_year=form.cleaned_data["fiscal_year"],
                framework=form.cleaned_data["framework"],
                title_th=form.cleaned_data["title_th"],
                source=form.cleaned_data.get("source"),
                user=request.user,
            )
        except ValidationError as exc:
            from .items import _add_errors

            _add_errors(form, exc)
        else:
            messages.success(request, "สร้างแผนแล้ว")
            return redirect("editor:plan_editor", plan.pk)
    return render(request, "editor/plan_create.html", {"form": form, "nav": "create"})
