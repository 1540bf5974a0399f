-- A check's outcome in the latest earlier build that ran it: what a check of an unchanged table repeats.
select run_id, passed, observed, row_count
from audit.check_results
where asset = $asset and "check" = $check and run_id <> $run_id
order by checked_at desc
limit 1
