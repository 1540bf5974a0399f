select
    occupation_code,
    alternate_title,
    short_title,
    sources,
    source_file,
    record_position
from read_parquet($records, union_by_name = true)
order by occupation_code, alternate_title
