select
    title,
    title_normalised,
    occupation_code,
    soc_code,
    method,
    score,
    candidate_code,
    other_codes
from read_parquet($matches)
order by title
