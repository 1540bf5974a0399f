"""Work kept between builds, so that a rebuild computes only what changed: per-document outputs of the
Python steps (``memo``), computed in slices on every core (``helpers``). The raw files' own shards are
the ingest loop's (``pipelines.ingest.loop``)."""
