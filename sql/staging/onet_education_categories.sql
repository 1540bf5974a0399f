select
    element_id,
    element_name,
    scale_id,
    category,
    category_description,
    source_file,
    record_position
from read_parquet($records, union_by_name = true)
order by element_id, scale_id, category
