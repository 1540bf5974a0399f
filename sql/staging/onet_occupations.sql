select
    occupation_code,
    left(occupation_code, 7) as soc_code,
    title,
    description,
    source_file,
    record_position
from read_parquet($records, union_by_name = true)
order by occupation_code
