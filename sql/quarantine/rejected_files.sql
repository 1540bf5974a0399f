select
    source,
    source_file,
    file_format,
    reason
from read_parquet($file_lists, union_by_name = true)
where status = 'unreadable'
order by source, source_file
