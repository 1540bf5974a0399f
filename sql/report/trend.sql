-- Checks and passes per run, newest first.
select run_id, min(checked_at) as started, count(*) as checks, count(*) filter (where passed) as passed
from audit.check_results
group by run_id
order by started desc
limit $runs
