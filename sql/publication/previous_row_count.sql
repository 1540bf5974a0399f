-- A table's row count at its last passing check in an earlier published build of the same raw files as
-- build $run_id (the row-count guard compares like with like: another corpus may rightly be smaller).
select c.row_count, c.run_id
from audit.check_results as c
join audit.builds as b on b.run_id = c.run_id
where c.asset = $asset
  and c."check" = $check
  and c.passed
  and c.row_count is not null
  and b.published_at is not null
  and b.run_id <> $run_id
  and b.raw_fingerprint = (select raw_fingerprint from audit.builds where run_id = $run_id)
order by c.checked_at desc
limit 1
