select
    occupation_code,
    element_id,
    element_name,
    scale_id,
    data_value,
    n,
    standard_error,
    lower_ci,
    upper_ci,
    recommend_suppress,
    date,
    domain_source,
    source_file,
    record_position
from read_parquet($records, union_by_name = true)
order by occupation_code, element_id
