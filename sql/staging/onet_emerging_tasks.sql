select
    occupation_code,
    task,
    category,
    original_task_id,
    original_task,
    date,
    domain_source,
    source_file,
    record_position
from read_parquet($records, union_by_name = true)
order by occupation_code, task
