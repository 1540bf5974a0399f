-- The repository's crosswalk from industry names used by job boards to NAICS sectors (OEWS level 2).
select
    industry,
    lower(trim(industry)) as industry_key,
    naics_code,
    naics_title,
    note
from read_csv($crosswalk, header = true, all_varchar = true)
order by industry
