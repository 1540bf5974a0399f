-- The headline pay of each occupation, one row per source, sources kept apart: salaries employers
-- stated in postings (postings), salaries a job board estimated (postings_estimated), and the BLS OEWS
-- national estimate across all industries (oews): the occupation cells of staging.pay_cells, which
-- computes them with the industry cells of marts.salary_by_industry.
select
    occupation_code,
    source,
    n,
    employment,
    mean_annual,
    mean_ci_low,
    mean_ci_high,
    mean_se,
    mean_prse,
    median_annual,
    p25_annual,
    p75_annual,
    mean_hourly,
    median_hourly,
    release_year,
    first_date,
    last_date,
    withheld_reason,
    suppressed
from staging.pay_cells
where grain = 'occupation'
order by occupation_code, source
