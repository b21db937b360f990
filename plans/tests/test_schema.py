"""The JSON Schema is valid draft 2020-12 and ships as package data."""

import tomllib
from pathlib import Path

from jsonschema import Draft202012Validator

from plans.interchange.validate import load_schema
from plans.tests.documents import build_document


def test_schema_is_valid_and_accepts_the_sample():
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    assert list(Draft202012Validator(schema).iter_errors(build_document())) == []


def test_schema_is_package_data():
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    package_data = data["tool"]["setuptools"]["package-data"]
    assert "*.schema.json" in package_data["plans.interchange"]
