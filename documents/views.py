"""Pages: ask for a document, watch its progress bar (leave and come back), download it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.fiscal import fiscal_months

from . import selectors, services
from .models import DocumentKind


def _download_response(job):
    if not job.file_available:
        raise Http404("ไม่มีไฟล์ของงานนี้ (ยังไม่เสร็จหรือถูกลบแล้ว)")
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("ไฟล์ถูกลบแล้ว กรุณาสั่งสร้างใหม่") from exc
    return FileResponse(
        handle, content_type="application/pdf", as_attachment=False, filename=job.filename()
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_documents(request, plan_id: int):
    plan = selectors.plan_for(request.user, plan_id)
    if plan is None:
        raise Http404
    errors = {}
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        options = {"digits": request.POST.get("digits") or "arabic"}
        if kind == DocumentKind.MONTHLY:
            options["period"] = request.POST.get("period") or None
        try:
            job, _ = services.request_document(
                plan=plan, kind=kind, options=options, user=request.user
            )
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            return redirect("documents:job", job_id=job.pk)
    return render(
        request,
        "documents/plan_documents.html",
        {
            "plan": plan,
            "jobs": selectors.recent_jobs(plan),
            "kinds": DocumentKind.choices,
            "months": fiscal_months(plan.fiscal_year),
            "errors": errors,
        },
        status=422 if errors else 200,
    )


@login_required
def job_detail(request, job_id: int):
    job = selectors.job_for(request.user, job_id)
    if job is None:
        raise Http404
    template = "documents/_job_status.html" if request.htmx else "documents/job.html"
    return render(request, template, {"job": job, "plan": job.plan})


@login_required
def job_download(request, job_id: int):
    job = selectors.job_for(request.user, job_id)
    if job is None:
        raise Http404
    return _download_response(job)


def job_urls(job) -> dict:
    return {
        "page": reverse("documents:job", args=[job.pk]),
        "download": reverse("documents:download", args=[job.pk]),
    }
