select
    soc_code,
    soc_title,
    direct_match_title,
    illustrative_example,
    source_file,
    record_position
from read_parquet($records, union_by_name = true)
order by soc_code, direct_match_title
