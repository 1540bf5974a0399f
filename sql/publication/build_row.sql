-- This build's row in audit.builds, written when the build starts; published_at is set when it is swapped in.
select
    $run_id::varchar as run_id,
    $started_at::timestamp as started_at,
    null::timestamp as published_at,
    $raw_dir::varchar as raw_dir,
    $raw_fingerprint::varchar as raw_fingerprint,
    $raw_files::bigint as raw_files,
    $raw_bytes::bigint as raw_bytes,
    $rebuilt::varchar[] as rebuilt,
    $labourlens_version::varchar as labourlens_version,
    $duckdb_version::varchar as duckdb_version
