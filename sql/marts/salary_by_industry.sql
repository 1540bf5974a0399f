-- Annual pay of an occupation per NAICS industry from three sources kept apart: salaries employers
-- stated in postings (postings), salaries a job board estimated (postings_estimated: Glassdoor "est.")
-- and BLS OEWS published wages (oews): the industry cells of staging.pay_cells, which computes them
-- with the occupation cells of marts.occupation_salaries.
select
    occupation_code,
    left(occupation_code, 7) as soc_code,
    source,
    industry_code,
    industry,
    n,
    employment,
    mean_annual,
    mean_ci_low,
    mean_ci_high,
    mean_prse,
    median_annual,
    p25_annual,
    p75_annual,
    release_year,
    first_date,
    last_date,
    top_coded,
    withheld_reason,
    suppressed
from staging.pay_cells
where grain = 'industry'
order by occupation_code, source, industry_code
