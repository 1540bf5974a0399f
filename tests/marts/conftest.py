"""The marts built once per module on the hand-made fixture."""

import pytest

from tests.marts.fixture import build_fixture_marts


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory):
    connection = build_fixture_marts(tmp_path_factory.mktemp("marts") / "m.duckdb")
    yield connection
    connection.close()
