-- The run whose checks were recorded last.
select run_id
from audit.check_results
order by checked_at desc
limit 1
