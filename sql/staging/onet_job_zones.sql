select
    occupation_code,
    job_zone,
    date,
    domain_source,
    source_file,
    record_position
from read_parquet($records, union_by_name = true)
order by occupation_code
