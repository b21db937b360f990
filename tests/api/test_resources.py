"""Parametrised API tests driven by the table in ``resources.py``: list, get, create, update,
delete per role; filters; 409 on a stale version; 400 naming every bad field in Thai; list
query counts that do not grow with the number of rows."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import ROLES
from .resources import RESOURCES, Resource

pytestmark = pytest.mark.django_db

THAI = re.compile(r"[\u0E00-\u0E7F]")
CASES = [pytest.param(r, role, id=f"{r.name}-{role}") for r in RESOURCES for role in ROLES]
BY_RESOURCE = [pytest.param(r, id=r.name) for r in RESOURCES]
VERSIONED = [pytest.param(r, id=r.name) for r in RESOURCES if r.versioned]
FILTERS = [
    pytest.param(r, params, listed, id=f"{r.name}-{i}")
    for r in RESOURCES
    for i, (params, listed) in enumerate(r.filters)
]
BAD_FILTERS = [
    pytest.param(r, params, name, id=f"{r.name}-{name}")
    for r in RESOURCES
    for params, name in r.bad_filters
]


def detail_url(resource: Resource, obj) -> str:
    return f"{resource.url}{obj.pk}/"


def listed_ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def with_version(resource: Resource, obj, payload: dict) -> dict:
    if resource.versioned:
        obj.refresh_from_db()
        return {**payload, "version": obj.version}
    return payload


def thai_messages(errors) -> list[str]:
    if isinstance(errors, dict):
        return [m for v in errors.values() for m in thai_messages(v)]
    if isinstance(errors, list):
        return [m for v in errors for m in thai_messages(v)]
    return [str(errors)]


@pytest.mark.parametrize(("resource", "role"), CASES)
def test_list(resource, role, world, client_for):
    response = client_for(role).get(resource.url, {"page_size": 500})
    expect = resource.expect[role]
    if role == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert (resource.obj(world).pk in listed_ids(response)) is expect.sees


@pytest.mark.parametrize(("resource", "role"), CASES)
def test_retrieve(resource, role, world, client_for):
    obj = resource.obj(world)
    response = client_for(role).get(detail_url(resource, obj))
    assert response.status_code == resource.expect[role].get, response.content
    if response.status_code == 200:
        assert response.json()["id"] == obj.pk


@pytest.mark.parametrize(("resource", "role"), CASES)
def test_create(resource, role, world, client_for):
    before = resource.model.objects.count()
    response = client_for(role).post(resource.url, resource.create(world), format="json")
    expected = resource.expect[role].create
    assert response.status_code == expected, response.content
    if expected == 201:
        body = response.json()
        created = resource.model.objects.get(pk=body["id"])
        assert resource.model.objects.count() == before + 1
        if resource.versioned:
            assert body["version"] == created.version == 1
    else:
        assert resource.model.objects.count() == before
        assert THAI.search(response.json()["detail"])


@pytest.mark.parametrize(("resource", "role"), CASES)
def test_update(resource, role, world, client_for):
    obj = resource.obj(world)
    payload = with_version(resource, obj, resource.update(world))
    response = client_for(role).patch(detail_url(resource, obj), payload, format="json")
    expected = resource.expect[role].update
    assert response.status_code == expected, response.content
    field_name, value = resource.changed
    obj.refresh_from_db()
    if expected == 200:
        assert getattr(obj, field_name) == value
        if resource.versioned:
            assert response.json()["version"] == obj.version == payload["version"] + 1
    else:
        assert getattr(obj, field_name) != value


@pytest.mark.parametrize(("resource", "role"), CASES)
def test_delete(resource, role, world, client_for):
    obj = resource.obj(world)
    response = client_for(role).delete(detail_url(resource, obj))
    expected = resource.expect[role].delete
    assert response.status_code == expected, response.content
    assert resource.model.objects.filter(pk=obj.pk).exists() is (expected != 204)


@pytest.mark.parametrize("resource", BY_RESOURCE)
def test_put_replaces_with_the_read_representation(resource, world, client_for):
    """What a GET returns can be PUT back unchanged (the read and write shapes agree)."""
    client = client_for(resource.writer)
    obj = resource.obj(world)
    body = client.get(detail_url(resource, obj)).json()
    body.update(resource.update(world))
    response = client.put(detail_url(resource, obj), body, format="json")
    assert response.status_code == 200, response.content
    field_name, value = resource.changed
    obj.refresh_from_db()
    assert getattr(obj, field_name) == value


@pytest.mark.parametrize(("resource", "params", "listed"), FILTERS)
def test_filters(resource, params, listed, world, client_for):
    response = client_for("analyst").get(resource.url, {**params(world), "page_size": 500})
    assert response.status_code == 200, response.content
    assert (resource.obj(world).pk in listed_ids(response)) is listed


@pytest.mark.parametrize(("resource", "params", "name"), BAD_FILTERS)
def test_bad_filter_is_400_naming_the_parameter(resource, params, name, world, client_for):
    response = client_for("analyst").get(resource.url, params)
    assert response.status_code == 400, response.content
    assert name in response.json()
    assert all(THAI.search(m) for m in thai_messages(response.json()))


@pytest.mark.parametrize("resource", VERSIONED)
def test_stale_version_is_409_and_nothing_is_written(resource, world, client_for):
    obj = resource.obj(world)
    resource.model.objects.filter(pk=obj.pk).update(version=5)
    payload = {**resource.update(world), "version": 4}
    response = client_for(resource.writer).patch(detail_url(resource, obj), payload, format="json")
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["current_version"] == 5
    assert THAI.search(body["detail"])
    obj.refresh_from_db()
    field_name, value = resource.changed
    assert getattr(obj, field_name) != value
    assert obj.version == 5


@pytest.mark.parametrize("resource", VERSIONED)
def test_update_without_version_is_400(resource, world, client_for):
    obj = resource.obj(world)
    response = client_for(resource.writer).patch(
        detail_url(resource, obj), resource.update(world), format="json"
    )
    assert response.status_code == 400, response.content
    assert "version" in response.json()


@pytest.mark.parametrize("resource", VERSIONED)
def test_stale_version_on_delete_is_409(resource, world, client_for):
    obj = resource.obj(world)
    resource.model.objects.filter(pk=obj.pk).update(version=3)
    response = client_for(resource.writer).delete(f"{detail_url(resource, obj)}?version=2")
    assert response.status_code == 409
    assert resource.model.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("resource", BY_RESOURCE)
def test_bad_fields_are_all_named_in_thai(resource, world, client_for):
    payload, bad_fields = resource.bad(world)
    writer = "analyst" if resource.expect["analyst"].create == 201 else resource.writer
    before = resource.model.objects.count()
    response = client_for(writer).post(resource.url, payload, format="json")
    assert response.status_code == 400, response.content
    errors = response.json()
    assert set(bad_fields) <= set(errors), errors
    messages = thai_messages({k: errors[k] for k in bad_fields})
    assert messages and all(THAI.search(m) for m in messages), messages
    assert resource.model.objects.count() == before


def _count_list_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"page_size": 500})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("resource", BY_RESOURCE)
def test_list_query_count_is_pinned_and_constant(
    resource, world, client_for, django_assert_num_queries
):
    client = client_for("analyst")
    client.get(resource.url)  # warm the per-user scope cache
    with django_assert_num_queries(resource.list_queries):
        response = client.get(resource.url, {"page_size": 500})
    few = response.json()["count"]
    resource.add_rows(world, 20)
    with django_assert_num_queries(resource.list_queries):
        response = client.get(resource.url, {"page_size": 500})
    assert response.json()["count"] == few + 20
