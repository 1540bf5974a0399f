"""A Python step's batch work on every core: this process and spawned helpers compute the slices of
its batches, while this process also reads the next batches and writes the finished ones."""

from __future__ import annotations

import multiprocessing
import sys
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

import polars as pl

State = TypeVar("State")
Result = TypeVar("Result")
_WORKER_STATE: Any = None  # in a helper: what its ``load`` made
# A batch of at least this many documents starts the helpers (each loads its model once, a few
# CPU-s); smaller ones, until then, are done here before a helper would have started.
SHARED_ROWS = 20_000
# Batches read ahead of the one written next: enough that this process always has a slice to compute
# or a batch to read while the helpers work, few enough that memory follows a handful of batches.
AHEAD = 3
# Slices given to each helper at once (the one it computes and the next), so that it never waits for
# this process to hand it one.
QUEUED = 2


class Helpers(Generic[State]):
    """A step's batch work shared by this process and ``workers - 1`` spawned helpers, which run
    ``load(*load_args)`` once to make their own ``state`` (a model: loaded, not sent with every slice).
    The helpers start with the first batch of at least ``SHARED_ROWS`` rows and stay for the later
    ones; a daemonic process (a dask worker) or one worker does everything itself."""

    def __init__(
        self, workers: int, state: State, load: Callable[..., State], load_args: tuple[Any, ...]
    ) -> None:
        self.state, self.load, self.load_args = state, load, load_args
        self.workers = 1 if multiprocessing.current_process().daemon else max(1, workers)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Helpers[State]:
        return self

    def __exit__(self, *_: object) -> None:
        if self._pool is not None:
            self._pool.shutdown()

    def stream(
        self, fn: Callable[[State, pl.DataFrame], Result], frames: Iterable[pl.DataFrame], rows: int
    ) -> Iterator[list[Result]]:
        """``fn(state, slice)`` over each frame in slices of at most ``rows`` rows (one, whole, with
        one worker); yields each frame's results in slice order, frames in order. The slices of the
        next ``AHEAD`` frames are queued too, and every process takes the next one as it is free:
        this process between reading frames and writing the finished ones (``fn`` must give a row's
        result whatever slice it is in)."""
        pending: deque[tuple[int, int, pl.DataFrame]] = deque()  # (frame, slice, rows) to compute
        results: dict[int, list[Any]] = {}  # per frame read and not yet yielded, its slices' results
        missing: dict[int, int] = {}  # per such frame, how many slices are not computed yet
        running: dict[Future[Result], tuple[int, int, pl.DataFrame]] = {}
        source: Iterator[pl.DataFrame] | None = iter(frames)
        read = written = 0  # frames taken from ``source``, and yielded
        while True:
            if running:
                self._collect([f for f in running if f.done()], results, missing, pending, running)
            self._submit(fn, pending, running)
            while written < read and not missing[written]:
                yield results.pop(written)
                del missing[written]
                written += 1
            if source is not None and read - written < AHEAD and not pending:
                frame = next(source, None)
                if frame is None:
                    source = None
                    continue
                if self.workers > 1 and self._pool is None and len(frame) >= SHARED_ROWS:
                    self._start()
                n = max(1, -(-len(frame) // rows)) if self._pool is not None else 1
                size = -(-len(frame) // n)
                pending.extend((read, k, frame.slice(k * size, size)) for k in range(n))
                results[read], missing[read] = [None] * n, n
                read += 1
            elif pending:
                at, k, part = pending.popleft()
                results[at][k] = fn(self.state, part)
                missing[at] -= 1
            elif running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                self._collect(done, results, missing, pending, running)
            elif source is None:
                return

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(
            self.workers - 1,
            mp_context=context,
            initializer=_load_state,
            initargs=(self.load, self.load_args),
        )

    def _submit(
        self,
        fn: Callable[[State, pl.DataFrame], Result],
        pending: deque[tuple[int, int, pl.DataFrame]],
        running: dict[Future[Result], tuple[int, int, pl.DataFrame]],
    ) -> None:
        """The first pending slices to the helpers, until each has ``QUEUED`` waiting."""
        if self._pool is None:
            return
        with light_main():  # the pool starts its processes in submit
            while pending and len(running) < (self.workers - 1) * QUEUED:
                try:
                    future = self._pool.submit(_apply_state, fn, pending[0][2])
                except BrokenProcessPool as error:  # a helper died while it had nothing to do
                    self._fall_back(error, pending, running)
                    return
                running[future] = pending.popleft()

    def _collect(
        self,
        done: Iterable[Future[Any]],
        results: dict[int, list[Any]],
        missing: dict[int, int],
        pending: deque[tuple[int, int, pl.DataFrame]],
        running: dict[Future[Any], tuple[int, int, pl.DataFrame]],
    ) -> None:
        """The results of the helpers' finished slices, into their frames'."""
        try:
            for future in done:
                at, k, _ = running[future]
                results[at][k] = future.result()
                missing[at] -= 1
                del running[future]
        except BrokenProcessPool as error:
            self._fall_back(error, pending, running)

    def _fall_back(
        self,
        error: BrokenProcessPool,
        pending: deque[tuple[int, int, pl.DataFrame]],
        running: dict[Future[Any], tuple[int, int, pl.DataFrame]],
    ) -> None:
        """A helper that died (out of memory, a model it could not load), busy or idle, costs time,
        not the step and its batches so far: this process computes the slices the helpers had, and
        the later ones."""
        warnings.warn(
            f"a helper process stopped ({error}); this process does its work", RuntimeWarning, stacklevel=5
        )
        assert self._pool is not None
        self._pool.shutdown(cancel_futures=True)
        self._pool, self.workers = None, 1
        pending.extendleft(sorted(running.values(), key=lambda t: (t[0], t[1]), reverse=True))
        running.clear()


def _load_state(load: Callable[..., Any], args: tuple[Any, ...]) -> None:
    global _WORKER_STATE
    _WORKER_STATE = load(*args)


def _apply_state(fn: Callable[[Any, Any], Any], item: Any) -> Any:
    return fn(_WORKER_STATE, item)


@contextmanager
def light_main() -> Iterator[None]:
    """A spawned process first imports its parent's main module: in a build that is the labourlens CLI
    or Dagster's, i.e. all of Dagster (~2 CPU-s a worker) for workers that run only a step's code.
    While a pool starts its workers (in ``submit``, on this thread) this module stands in for it."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = sys.modules[__name__]
    try:
        yield
    finally:
        sys.modules["__main__"] = main
