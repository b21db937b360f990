"""Authorisation matrix: every API route and every page, as every role, on another unit's
objects. Each must refuse: 401/403/404/405, or a redirect to the login page.

Routes are enumerated from the URL resolver (so a new page or endpoint is covered the day it
is added); the object to aim at is picked from the URL's parameter names. The target plan is a
*draft* of สพส. (drafts are visible only inside their unit), and the users are

- ``planner_other`` / ``evaluator_other``: planner and evaluator of another unit (สนข.บางนา):
  every read and every write on สพส.'s objects is refused;
- ``executive``: reads all of BMA, so only writes are tried, and all must be refused;
- ``anonymous``: everything but the public pages (login, health, language switch) is refused.
"""

import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver

from accounts.models import Role
from documents.models import DocumentJob
from tests.api.conftest import build_org_tree, build_world
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

MISSING = 999_999  # ids of objects the world has none of (comments, marks, evidence files)
REFUSED = {401, 403, 404, 405}
# Open to everyone by design; never about another unit's objects.
PUBLIC_PREFIXES = ("healthz/", "i18n/", "accounts/", "api/v1/schema/", "api/v1/docs/",
                   "api/v1/auth/token/")  # fmt: skip
SKIP_PREFIXES = ("admin/",)  # Django admin: staff-only by Django itself (is_staff)
# Reference data every signed-in user reads (frameworks, policies, the unit tree).
REFERENCE_API = ("api/v1/org-units", "api/v1/frameworks", "api/v1/framework-nodes",
                 "api/v1/policies")  # fmt: skip
# Not writes of plan data: a target-text preview, and asking for a PDF of what one may read.
NO_WRITE = ("targets/parse/", "documents/", "api/v1/plans/<int:plan_id>/documents/")


def walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern)


def route_templates() -> list[str]:
    out = []
    for raw in walk(get_resolver().url_patterns):
        path = raw.replace("^", "").replace("$", "").replace("\\.", ".")
        if "format" in path or path.startswith(SKIP_PREFIXES) or "uidb64" in path:
            continue
        out.append(path)
    return sorted(set(out))


PARAM = re.compile(r"\(\?P<(\w+)>[^)]*\)|<(?:\w+:)?(\w+)>")


class Targets:
    def __init__(self, world):
        self.world = world
        self.job = DocumentJob.objects.create(
            kind="plan", plan=world.plan, options={}, options_key="{}", content_hash="0" * 64
        )
        self.api_objects = {
            "plans": world.plan.pk,
            "components": world.component.pk,
            "kpis": world.kpi.pk,
            "projects": world.project.pk,
            "kpi-reports": world.kpi_report.pk,
            "project-reports": world.project_report.pk,
            "documents": self.job.pk,
            "org-units": world.units["sps"].pk,
            "frameworks": world.framework.pk,
            "framework-nodes": world.nodes["3"].pk,
            "policies": world.policies["099"].pk,
        }

    def value(self, name: str, path: str):
        w = self.world
        if name == "pk":
            prefix = path.removeprefix("api/v1/").split("/")[0]
            return self.api_objects[prefix]
        if name == "kind":
            return "kpi" if path.startswith("reporting/review") else "component"
        return {
            "plan_id": w.plan.pk,
            "kpi_id": w.kpi.pk,
            "project_id": w.project.pk,
            "item_id": w.component.pk,
            "report_id": w.kpi_report.pk,
            "job_id": self.job.pk,
            "period": "2024-01",
        }.get(name, MISSING)

    def fill(self, path: str) -> tuple[str, bool]:
        """The concrete URL and whether it names an object of สพส."""
        names = [a or b for a, b in PARAM.findall(path)]
        url = "/" + PARAM.sub(lambda m: str(self.value(m.group(1) or m.group(2), path)), path)
        return url, bool(names)


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_world(build_org_tree())
            assert world.plan.status == "draft"
            world.users["evaluator_other"] = user_with_role(
                Role.EVALUATOR, world.units["bangna"], "evaluator_other"
            )
            yield world
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def client_as(world, role: str) -> Client:
    client = Client(raise_request_exception=False)
    user = world.users.get(role)
    if user is not None:
        client.force_login(user)
    return client


def refused(response) -> bool:
    if response.status_code in REFUSED:
        return True
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def send(client, method: str, url: str):
    body = {"plan": 0, "version": 1, "action": "verify", "period": "2024-01"}
    if method == "get":
        return client.get(url)
    if method == "post":
        return client.post(url, body)
    return getattr(client, method)(url, data="{}", content_type="application/json")


def fingerprint() -> tuple:
    """Changes whenever anything a user edits is written (pghistory events, reports, jobs)."""
    from django.apps import apps
    from django.db.models import Max

    from audit.models import EVENT_MODELS
    from progress.models import KpiReport, ProjectReport

    counts = [m.objects.count() for m in EVENT_MODELS]
    counts += [apps.get_model("plans", "Plan").objects.count()]
    for model in (KpiReport, ProjectReport):
        counts.append(model.objects.count())
        counts.append(model.objects.aggregate(m=Max("updated_at"))["m"])
    counts.append(DocumentJob.objects.count())
    return tuple(counts)


def check(world, role: str, methods_for, *, writes_only: bool = False) -> list[str]:
    """Failures: responses that were not a refusal. With ``writes_only`` (a role that may read
    everything), a non-refusal is also accepted when it is no success at writing: not a
    redirect, and nothing in the database changed."""
    targets = Targets(world)
    client = client_as(world, role)
    failures = []
    for path in route_templates():
        url, has_object = targets.fill(path)
        for method in methods_for(path, has_object):
            before = fingerprint() if writes_only else None
            response = send(client, method, url)
            if refused(response):
                continue
            if (
                writes_only
                and response.status_code in (200, 400, 422)
                and (fingerprint() == before)
            ):
                continue
            failures.append(f"{role} {method.upper()} {url} -> {response.status_code}")
    return failures


def api_detail(path: str, has_object: bool) -> bool:
    return path.startswith("api/v1/") and has_object


def test_routes_are_enumerated(matrix_world):
    paths = route_templates()
    assert "api/v1/plans/(?P<pk>[^/.]+)/" in paths or any(
        p.startswith("api/v1/plans/") for p in paths
    )
    assert any(p.startswith("plans/<int:plan_id>/") for p in paths)
    assert len(paths) > 60


def test_anonymous_is_refused_everywhere_but_public_pages(matrix_world):
    def methods(path, has_object):
        if path.startswith(PUBLIC_PREFIXES) or path == "":
            return []
        if path.startswith("public/") and not has_object:
            return []  # the public dashboard (BMAPLAN_PUBLIC_VIEW) shows approved data only
        return ["get", "post"] + (["patch", "delete"] if api_detail(path, has_object) else [])

    failures = check(matrix_world, "anonymous", methods)
    # The home page redirects to login as well.
    assert refused(client_as(matrix_world, "anonymous").get("/"))
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ["planner_other", "evaluator_other"])
def test_other_units_people_cannot_touch_this_units_objects(matrix_world, role):
    def methods(path, has_object):
        if not has_object or path.startswith(PUBLIC_PREFIXES):
            return []
        if path.startswith(REFERENCE_API):
            return ["post", "patch", "delete"]  # reads are open; writes are not
        return ["get", "post"] + (["patch", "delete"] if api_detail(path, has_object) else [])

    failures = check(matrix_world, role, methods)
    assert not failures, "\n".join(failures)


def test_executive_never_writes(matrix_world):
    def methods(path, has_object):
        if path.startswith(PUBLIC_PREFIXES + NO_WRITE) or path == "":
            return []
        if path.startswith("api/v1/") and not has_object:
            return ["post"]
        return ["post"] + (["put", "patch", "delete"] if api_detail(path, has_object) else [])

    failures = check(matrix_world, "executive", methods, writes_only=True)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ["planner_other", "evaluator_other"])
def test_api_lists_do_not_leak_another_units_draft(matrix_world, role):
    client = client_as(matrix_world, role)
    w = matrix_world
    for prefix, pk in [("plans", w.plan.pk), ("components", w.component.pk),
                       ("kpis", w.kpi.pk), ("projects", w.project.pk),
                       ("kpi-reports", w.kpi_report.pk),
                       ("project-reports", w.project_report.pk)]:  # fmt: skip
        response = client.get(f"/api/v1/{prefix}/", {"page_size": 500})
        assert response.status_code == 200, prefix
        ids = {row["id"] for row in response.json()["results"]}
        assert pk not in ids, f"{role} sees สพส.'s draft in /api/v1/{prefix}/"
