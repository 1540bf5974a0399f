-- Values set aside while their record was kept (the field is left empty), most frequent first.
select source_file, field, reason, count(*) as values_rejected
from quarantine.rejected_values
group by all
order by values_rejected desc, source_file, field, reason
limit $limit
