-- Every check outcome of one run, failures first.
select asset, "check", passed, severity, observed, failing_rows, row_count, sample, checked_at
from audit.check_results
where run_id = $run_id
order by passed, asset, "check"
