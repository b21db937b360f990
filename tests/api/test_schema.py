"""OpenAPI 3: the schema validates with no warnings, documents every endpoint and error shape,
and the docs page loads its assets from our own static files (no CDN)."""

import pytest
import yaml
from django.core.management import call_command
from django.urls import resolve
from rest_framework.test import APIClient

from .resources import RESOURCES


@pytest.fixture(scope="module")
def schema(tmp_path_factory):
    path = tmp_path_factory.mktemp("schema") / "schema.yml"
    # --fail-on-warn turns every drf-spectacular warning (and a failed validation) into an error
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_schema_validates_without_warnings(schema):
    assert schema["openapi"].startswith("3.")


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda r: r.name)
def test_every_resource_and_error_shape_is_described(schema, resource):
    paths = schema["paths"]
    collection = paths[resource.url]
    detail = paths[resource.url + "{id}/"]
    assert set(collection) >= {"get", "post"}
    assert set(detail) >= {"get", "put", "patch", "delete"}
    assert {"401", "403"} <= set(collection["get"]["responses"])
    assert {"400", "401", "403"} <= set(collection["post"]["responses"])
    assert {"400", "401", "403", "404"} <= set(detail["patch"]["responses"])
    if resource.versioned:
        assert "409" in detail["patch"]["responses"]
        conflict = schema["components"]["schemas"]["VersionConflict"]
        assert set(conflict["required"]) == {"detail", "current_version"}


def test_special_endpoints_are_described(schema):
    paths = schema["paths"]
    for path in (
        "/api/v1/auth/token/",
        "/api/v1/plans/import/",
        "/api/v1/plans/{id}/export/",
        "/api/v1/plans/{id}/scores/",
        "/api/v1/plans/{id}/submit/",
        "/api/v1/kpi-reports/{id}/verify/",
    ):
        assert path in paths, path
    scores = paths["/api/v1/plans/{id}/scores/"]["get"]
    ref = scores["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("/PlanScores")
    assert {"ErrorDetail", "FieldErrors", "VersionConflict"} <= set(schema["components"]["schemas"])


@pytest.mark.django_db
def test_schema_and_docs_are_served_without_a_cdn():
    client = APIClient()
    assert client.get("/api/v1/schema/").status_code == 200
    page = client.get("/api/v1/docs/").content.decode()
    assert "drf_spectacular_sidecar" in page
    for cdn in ("cdn.jsdelivr.net", "unpkg.com", "cdnjs"):
        assert cdn not in page


def test_the_api_is_mounted_in_the_project_urls():
    match = resolve("/api/v1/plans/", urlconf="bmaplan.urls")
    assert match.url_name == "plan-list"
