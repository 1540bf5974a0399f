-- The headline pay of each occupation per source (employer-stated postings, estimated postings, OEWS
-- national), shown and withheld rows alike: the page says what was withheld and why.
select
    occupation_code,
    source,
    n,
    employment,
    mean_annual,
    mean_ci_low,
    mean_ci_high,
    median_annual,
    mean_hourly,
    median_hourly,
    release_year,
    first_date,
    last_date,
    withheld_reason,
    suppressed
from marts.occupation_salaries
order by occupation_code, source
