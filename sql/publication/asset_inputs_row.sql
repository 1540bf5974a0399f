-- One asset's row in audit.asset_inputs, appended when a build materialises it.
select
    $run_id::varchar as run_id,
    $recorded_at::timestamp as recorded_at,
    $asset::varchar as asset,
    $fingerprint::varchar as fingerprint,
    $reused::boolean as reused
