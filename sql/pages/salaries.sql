-- Pay by industry, shown and withheld rows alike: the page says how many were withheld and why.
select
    occupation_code,
    source,
    industry_code,
    industry,
    n,
    employment,
    mean_annual,
    mean_ci_low,
    mean_ci_high,
    release_year,
    withheld_reason,
    suppressed
from marts.salary_by_industry
order by occupation_code, source, mean_annual desc nulls last, industry
