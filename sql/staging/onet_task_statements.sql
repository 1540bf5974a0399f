select
    occupation_code,
    task_id,
    task,
    task_type,
    incumbents_responding,
    date,
    domain_source,
    source_file,
    record_position
from read_parquet($records, union_by_name = true)
order by occupation_code, task_id
