-- One check outcome's row in audit.check_results, appended by every check of every build.
select
    $run_id::varchar as run_id,
    $checked_at::timestamp as checked_at,
    $asset::varchar as asset,
    $check::varchar as "check",
    $passed::boolean as passed,
    $severity::varchar as severity,
    $observed::varchar as observed,
    $failing_rows::bigint as failing_rows,
    $row_count::bigint as row_count,
    $sample::varchar as sample
