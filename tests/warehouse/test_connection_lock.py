"""Steps on cluster workers take turns at the build file: DuckDB admits one writer and no reader beside it."""

import fcntl
import os
from pathlib import Path

import pytest

from pipelines.warehouse.resource import _one_connection


def _taken(path: Path) -> bool:
    """Whether another open file (as another process would have) finds the lock held."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def test_a_cluster_step_holds_the_connection_lock_and_releases_it(tmp_path: Path) -> None:
    lock = tmp_path / "build" / "connection.lock"
    with _one_connection(lock, exclusive=True):
        assert _taken(lock)
        with _one_connection(lock, exclusive=True):  # a connection opened inside another
            assert _taken(lock)
        assert _taken(lock)
    assert not _taken(lock)


def test_an_in_process_run_takes_no_lock(tmp_path: Path) -> None:
    lock = tmp_path / "connection.lock"
    with _one_connection(lock, exclusive=False):
        assert not _taken(lock)


def test_the_lock_is_released_when_the_step_fails(tmp_path: Path) -> None:
    lock = tmp_path / "connection.lock"
    with pytest.raises(RuntimeError), _one_connection(lock, exclusive=True):
        raise RuntimeError("step failed")
    assert not _taken(lock)
