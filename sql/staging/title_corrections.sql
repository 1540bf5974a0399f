-- Corrections to O*NET's title listings kept in the repository (reference/title_corrections.csv): a
-- title O*NET files under the wrong occupation gets the right one; an empty code means the title alone
-- names no one occupation and stays unmapped.
select
    title,
    nullif(trim(occupation_code), '') as occupation_code,
    reason
from read_csv($corrections, header = true, all_varchar = true)
order by title
