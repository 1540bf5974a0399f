select
    occupation_code,
    related_code,
    relatedness_tier,
    related_index,
    source_file,
    record_position
from read_parquet($records, union_by_name = true)
order by occupation_code, related_index
