"""Per-document outputs of a Python step kept between builds: a document whose content is unchanged
gets its earlier output back instead of being computed again.

A step reads its documents in batches; each document is hashed (all the columns it reads) together
with its key. Documents whose key and hash the previous build computed are reused; the others are
computed. The outputs are a pure function of each document and of the step's fingerprint (code,
model, vocabulary), so the tables do not depend on which documents were reused. Memory follows the
batch and the previous build's index of keys and hashes (~50 bytes a document); this build's index is
written batch by batch beside the outputs, not held.

A run can also write what changed since the previous build (``changes``): the keys whose output is
gone or replaced, the outputs computed anew, and the generation (the build that committed the
previous outputs) they change. A table that is its outputs row by row can then be updated in place
instead of rewritten (pipelines/warehouse/build.py update_table), when it holds that generation's."""

from __future__ import annotations

import shutil
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pyarrow as pa

from pipelines.shards.files import link_or_copy

HASH = "document_hash"
_INDEX = "index*.parquet"  # one part a batch (one whole file, written by earlier versions)
_GENERATION = "generation"
CHANGES = "changes"  # a step's changes folder, beside its parts
# In a changes folder: <prefix>.base names the generation the others change ("" when this run has no
# changes to give: every output computed), <prefix>-removed.parquet the keys whose rows go,
# <prefix>-added-*.parquet the rows that come.
BASE = ".base"


@dataclass
class MemoStats:
    computed: int = 0
    reused: int = 0


class Memo:
    """``folder``: where the outputs are kept (``Layout.cache_dir``/step); ``fingerprint``: everything
    besides a document that its output depends on; ``key``: the columns naming a document, in both the
    batches and the outputs; ``generation``: what names this run's outputs (the build's, pipelines.shards.reuse generation)."""

    def __init__(self, folder: Path, fingerprint: str, key: Sequence[str], generation: str = "") -> None:
        self.folder, self.key, self.generation = folder, list(key), generation
        self.fingerprint = fingerprint + f"\0polars {pl.__version__}"  # row hashes are per version
        self.current = folder / "current"
        self.next = folder / "next"
        self.known = self._known()
        stamp = self.current / _GENERATION
        self.base = stamp.read_text(encoding="utf-8") if self.known is not None and stamp.exists() else ""

    def _known(self) -> pl.DataFrame | None:
        stamp, index = self.current / "fingerprint", sorted(self.current.glob(_INDEX))
        if not index or not stamp.exists() or stamp.read_text(encoding="utf-8") != self.fingerprint:
            return None
        return pl.read_parquet(index)

    def run(
        self,
        batches: Iterable[pa.RecordBatch | pl.DataFrame],
        compute: Callable[[Iterator[pl.DataFrame]], Iterable[pl.DataFrame | pa.Table]],
        out_dir: Path,
        prefix: str,
        changes: Path | None = None,
    ) -> MemoStats:
        """``compute`` the new and changed documents of each batch into ``out_dir/<prefix>-*.parquet``,
        and write the reused documents' outputs there too; the kept outputs become this build's. With
        ``changes``, also what changed since the previous outputs, into that folder. ``compute`` maps
        the frames of documents to compute, read as it asks for them, to their outputs, one per frame
        and in order (``functools.partial(map, fn)`` computes one at a time; ``Helpers.stream`` reads
        ahead while it computes)."""
        stats = MemoStats()
        shutil.rmtree(self.next, ignore_errors=True)
        self.next.mkdir(parents=True)
        # the key and hash columns of each frame handed to ``compute``, with its batch number
        handed: deque[tuple[int, pl.DataFrame]] = deque()

        def fresh() -> Iterator[pl.DataFrame]:
            for n, batch in enumerate(batches):
                frame = batch if isinstance(batch, pl.DataFrame) else pl.from_arrow(batch)
                assert isinstance(frame, pl.DataFrame)
                frame = frame.with_columns(pl.struct(frame.columns).hash(seed=17).alias(HASH))
                frame.select([*self.key, HASH]).write_parquet(self.next / f"index-{n:05d}.parquet")
                new = (
                    frame if self.known is None else frame.join(self.known, on=[*self.key, HASH], how="anti")
                )
                stats.reused += len(frame) - len(new)
                stats.computed += len(new)
                if not new.is_empty():
                    handed.append((n, new.select([*self.key, HASH])))
                    yield new.drop(HASH)

        for output in compute(fresh()):
            n, keys = handed.popleft()
            result = output if isinstance(output, pl.DataFrame) else pl.from_arrow(output)
            assert isinstance(result, pl.DataFrame)
            result = result.join(keys, on=self.key, how="left")
            result.write_parquet(self.next / f"computed-{n:05d}.parquet")
        assert not handed, "compute gave fewer outputs than it was given frames"
        if self.known is not None and stats.reused:
            self._keep()
        if changes is not None:
            self._changes(changes, prefix)
        self._commit()
        for part in sorted(self.current.glob("outputs-*.parquet")):
            link_or_copy(part, out_dir / f"{prefix}-{part.name}")
        return stats

    def _keep(self) -> None:
        """The kept outputs of the documents this build still has (its index, in ``next``), into
        ``next``: a part whose documents are all still there is linked whole (a rebuild with few changes
        rewrites nothing), the others are filtered to the documents that stay."""
        ids = pl.scan_parquet(sorted(self.next.glob(_INDEX)))
        for n, part in enumerate(sorted(self.current.glob("outputs-*.parquet"))):
            outputs = pl.scan_parquet(part)
            gone = outputs.select([*self.key, HASH]).join(ids, on=[*self.key, HASH], how="anti")
            target = self.next / f"kept-{n:05d}.parquet"
            if gone.head(1).collect().is_empty():
                link_or_copy(part, target)
            else:
                outputs.join(ids, on=[*self.key, HASH], how="semi").sink_parquet(target)

    def _changes(self, folder: Path, prefix: str) -> None:
        """The keys of the previous outputs not kept (documents gone, or changed: their new output is
        among the computed ones) and the computed outputs, as this run's changes to the previous
        generation; only the base "" when there is none to change (a first run, a new fingerprint).
        Replaces what an earlier run of this prefix wrote there."""
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(f"{prefix}[-.]*"):
            old.unlink()
        if self.known is not None and self.base:
            parts = sorted(self.next.glob(_INDEX))
            known = self.known.lazy()
            # no index part: no document of this kind is left, so every known one is gone
            gone = (
                (known.join(pl.scan_parquet(parts), on=[*self.key, HASH], how="anti") if parts else known)
                .select(self.key)
                .unique()
            )
            gone.sink_parquet(folder / f"{prefix}-removed.parquet")
            for part in sorted(self.next.glob("computed-*.parquet")):
                link_or_copy(part, folder / f"{prefix}-added-{part.name}")
        (folder / f"{prefix}{BASE}").write_text(self.base, encoding="utf-8")

    def _commit(self) -> None:
        """This build's outputs (and index) replace the previous ones, whole."""
        outputs = sorted(p for p in self.next.glob("*.parquet") if not p.match(_INDEX))
        for n, part in enumerate(outputs):
            part.rename(self.next / f"outputs-{n:05d}.parquet")
        (self.next / "fingerprint").write_text(self.fingerprint, encoding="utf-8")
        (self.next / _GENERATION).write_text(self.generation, encoding="utf-8")
        old = self.folder / "old"
        shutil.rmtree(old, ignore_errors=True)
        if self.current.exists():
            self.current.rename(old)
        self.next.rename(self.current)
        shutil.rmtree(old, ignore_errors=True)
