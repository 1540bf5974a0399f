-- Why records were rejected, most frequent first.
select source_file, reason, count(*) as records
from quarantine.rejected_records
group by all
order by records desc, source_file, reason
limit $limit
