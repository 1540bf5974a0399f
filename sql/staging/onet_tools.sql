select
    occupation_code,
    example,
    commodity_code,
    commodity_title,
    source_file,
    record_position
from read_parquet($records, union_by_name = true)
order by occupation_code, example
