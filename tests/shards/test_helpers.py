"""A step's batches computed in slices by this process and spawned helpers: the same results in the
same order as one process gives, whichever process computed a slice."""

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from pipelines.shards import helpers as helpers_module
from pipelines.shards.helpers import AHEAD, Helpers

State = tuple[int, str]  # the step's process id, and a file a helper writes when it computes


def _state(here: int, marker: str) -> State:
    return here, marker


def _doubled(state: State, frame: pl.DataFrame) -> tuple[int, list[int]]:
    """This process waits until a helper has computed a slice, so that both surely take some."""
    here, marker = state
    if os.getpid() == here:
        deadline = time.monotonic() + 120
        while not os.path.exists(marker) and time.monotonic() < deadline:
            time.sleep(0.01)
    else:
        Path(marker).touch()
    return os.getpid(), [2 * n for n in frame["n"]]


def _frames(sizes: list[int]) -> list[pl.DataFrame]:
    start = 0
    frames = []
    for size in sizes:
        frames.append(pl.DataFrame({"n": list(range(start, start + size))}))
        start += size
    return frames


def test_the_slices_of_every_frame_are_shared_and_come_back_in_order(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(helpers_module, "SHARED_ROWS", 4)
    frames = _frames([7, 2, 5, 1, 6])
    here = os.getpid()
    state = (here, str(tmp_path / "helped"))
    with Helpers(2, state, _state, state) as helpers:
        out = list(helpers.stream(_doubled, frames, 2))
    assert [[v for _, part in parts for v in part] for parts in out] == [
        [2 * n for n in f["n"]] for f in frames
    ]
    assert [len(parts) for parts in out] == [4, 1, 3, 1, 3]
    pids = {pid for parts in out for pid, _ in parts}
    assert here in pids and len(pids) == 2, "this process and its helper both computed slices"


def _pid_and_rows(state: int, frame: pl.DataFrame) -> tuple[int, list[int]]:
    if os.getpid() != state:
        os._exit(3)  # a helper dies at its first slice
    return os.getpid(), frame["n"].to_list()


def test_a_helper_that_dies_leaves_its_slices_to_this_process(monkeypatch):
    monkeypatch.setattr(helpers_module, "SHARED_ROWS", 1)
    here = os.getpid()
    frames = _frames([5, 4, 3])
    with (
        Helpers(2, here, int, (here,)) as helpers,
        pytest.warns(RuntimeWarning, match="helper process stopped"),
    ):
        out = list(helpers.stream(_pid_and_rows, frames, 2))
    assert [[v for _, part in parts for v in part] for parts in out] == [f["n"].to_list() for f in frames]
    assert {pid for parts in out for pid, _ in parts} == {here}


def _rows(state: int, frame: pl.DataFrame) -> list[int]:
    return frame["n"].to_list()


class _HelperDiesIdle(Helpers[int]):
    """Kills its helper once the helper has finished everything it was given (the OOM killer's
    moment is its own): the next hand-over finds the pool broken."""

    killed = False

    def _collect(self, done, results, missing, pending, running) -> None:
        done = list(done)
        super()._collect(done, results, missing, pending, running)
        if done and not running and not self.killed and self._pool is not None:
            self.killed = True
            os.kill(next(iter(self._pool._processes)), signal.SIGKILL)
            deadline = time.monotonic() + 60
            while not self._pool._broken and time.monotonic() < deadline:
                time.sleep(0.01)


def test_a_helper_that_dies_while_idle_leaves_the_later_slices_to_this_process(monkeypatch):
    """The pool's BrokenProcessPool came out of the next submit and failed the step."""
    monkeypatch.setattr(helpers_module, "SHARED_ROWS", 1)
    frames = _frames([6, 6, 6, 6, 6, 6])
    with (
        _HelperDiesIdle(2, 0, int, (0,)) as helpers,
        pytest.warns(RuntimeWarning, match="helper process stopped"),
    ):
        out = list(helpers.stream(_rows, frames, 2))
    assert helpers.killed
    assert [[v for part in parts for v in part] for parts in out] == [f["n"].to_list() for f in frames]


def test_one_worker_computes_each_frame_whole_here():
    frames = _frames([30_000, 3])
    with Helpers(1, 7, int, (7,)) as helpers:
        out = list(helpers.stream(lambda state, f: (os.getpid(), len(f)), frames, 2))
    assert out == [[(os.getpid(), 30_000)], [(os.getpid(), 3)]]


def _slowly(state: int, frame: pl.DataFrame) -> int:
    time.sleep(0.02)
    return len(frame)


def test_frames_are_read_ahead_while_the_helpers_compute_but_only_a_few(monkeypatch):
    monkeypatch.setattr(helpers_module, "SHARED_ROWS", 1)
    pulled: list[int] = []

    def source() -> Iterator[pl.DataFrame]:
        for k, frame in enumerate(_frames([3] * 10)):
            pulled.append(k)
            yield frame

    leads = []
    with Helpers(2, 7, int, (7,)) as helpers:
        for k, parts in enumerate(helpers.stream(_slowly, source(), 2)):
            assert parts == [2, 1]
            leads.append(len(pulled) - k)
    assert pulled == list(range(10))
    # the helper starts slower than this process computes: it reads on, up to AHEAD frames
    assert max(leads) == AHEAD and all(lead <= AHEAD for lead in leads)
