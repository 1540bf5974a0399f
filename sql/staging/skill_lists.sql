select
    source_file,
    record_position,
    skill
from read_parquet($records)
order by source_file, record_position
