select
    title,
    title_normalised,
    occupation_code,
    soc_code,
    method,
    score,
    candidate_code
from read_parquet($matches)
order by title
