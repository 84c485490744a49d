import pytest

from tests.audit.scenario import Changes


@pytest.fixture
def changes(world, bfc_project, framework):
    return Changes(world, bfc_project, framework)
