select
    source,
    source_file,
    record_position,
    title,
    title_normalised,
    title_match,
    occupation_code,
    soc_code,
    probability,
    method,
    candidate_codes,
    candidate_probabilities
from read_parquet($codings, union_by_name = true)
order by source_file, record_position
