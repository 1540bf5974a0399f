select
    occupation_code,
    reported_title,
    shown_in_my_next_move,
    source_file,
    record_position
from read_parquet($records, union_by_name = true)
order by occupation_code, reported_title
