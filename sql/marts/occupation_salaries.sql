-- The headline pay of each occupation, one row per source, sources kept apart: salaries employers
-- stated in postings (postings), salaries a job board estimated (postings_estimated), and the BLS OEWS
-- national estimate across all industries (oews). Annual and hourly, mean with a 95% interval (postings:
-- standard error of the sample mean; OEWS: the published relative standard error) and median; withheld
-- with its reason like the industry cells of marts.salary_by_industry.
with postings as (
    select
        occupation_code,
        if(coalesce(salary_is_estimate, false), 'postings_estimated', 'postings') as source,
        count(*) as n,
        avg(salary_annual) as mean_annual,
        stddev_samp(salary_annual) / sqrt(count(*)) as mean_se,
        median(salary_annual) as median_annual,
        quantile_cont(salary_annual, 0.25) as p25_annual,
        quantile_cont(salary_annual, 0.75) as p75_annual,
        min(date_posted) as first_date,
        max(date_posted) as last_date
    from staging.postings
    where occupation_code is not null and salary_annual is not null
    group by all
),

oews as (
    select
        o.occupation_code,
        w.tot_emp,
        w.a_mean,
        w.a_mean * w.mean_prse / 100 as mean_se,
        w.mean_prse,
        w.a_median,
        w.a_pct25,
        w.a_pct75,
        w.h_mean,
        w.h_median,
        w.release_year,
        list_contains(w.top_coded_columns, 'a_mean') as mean_top_coded
    from staging.onet_occupations as o
    inner join staging.oews_wages as w on w.soc_code = o.soc_code
    where w.industry_kind = 'cross_industry'
    -- the newest release when several national files were read
    qualify row_number() over (partition by o.occupation_code order by w.release_year desc nulls last) = 1
),

cells as (
    select
        occupation_code,
        source,
        n,
        null::double as employment,
        mean_annual,
        mean_se,
        100 * mean_se / mean_annual as mean_prse,
        median_annual,
        p25_annual,
        p75_annual,
        -- the OEWS convention: 2,080 hours a year
        mean_annual / 2080 as mean_hourly,
        median_annual / 2080 as median_hourly,
        null::integer as release_year,
        first_date,
        last_date,
        postings_withheld(n, $min_salary_n) as withheld_reason
    from postings
    union all
    select
        occupation_code,
        'oews',
        null::bigint,
        tot_emp,
        a_mean,
        mean_se,
        mean_prse,
        a_median,
        a_pct25,
        a_pct75,
        h_mean,
        h_median,
        release_year,
        null::date,
        null::date,
        oews_withheld(mean_top_coded, a_mean, tot_emp, mean_prse, $min_employment, $max_prse)
    from oews
)

select
    occupation_code,
    source,
    n,
    employment,
    mean_annual,
    mean_annual - z95() * mean_se as mean_ci_low,
    mean_annual + z95() * mean_se as mean_ci_high,
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
    withheld_reason is not null as suppressed
from cells
order by occupation_code, source
