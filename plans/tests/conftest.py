import pytest

from plans.interchange.importer import import_plan_document
from plans.tests.documents import build_document


@pytest.fixture
def document():
    return build_document()


@pytest.fixture
def imported(db, document):
    """The synthetic document imported once; yields the report."""
    report = import_plan_document(document=document)
    assert report.ok, report.errors
    return report
