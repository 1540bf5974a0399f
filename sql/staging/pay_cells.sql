-- Pay cells of both grains, written once for marts.occupation_salaries (grain occupation: all
-- industries) and marts.salary_by_industry (grain industry: per NAICS industry at OEWS level
-- $industry_level). Three sources kept apart: salaries employers stated in postings (postings),
-- salaries a job board estimated (postings_estimated) and BLS OEWS (oews: the national cross-industry
-- estimate of the newest release, or the industry estimates). Every mean carries a 95% interval:
-- postings from the standard error of the sample mean, OEWS from the relative standard error BLS
-- publishes (MEAN_PRSE). A cell is withheld, with its reason, below $min_salary_n postings, below
-- $min_employment OEWS employment, above an OEWS relative standard error of $max_prse%, or when BLS
-- released no mean or top-coded it.
with postings as (
    select
        occupation_code,
        if(coalesce(salary_is_estimate, false), 'postings_estimated', 'postings') as source,
        industry_code,
        industry,
        salary_annual,
        date_posted
    from staging.postings
    where
        occupation_code is not null and salary_annual is not null
        -- a figure in another currency is no US-dollar figure (a salary naming none is taken as one)
        and coalesce(salary_currency, $pay_currency) = $pay_currency
),

posting_cells as (
    select
        if(grouping(industry_code) = 1, 'occupation', 'industry') as grain,
        occupation_code,
        source,
        industry_code,
        if(grouping(industry_code) = 1, null, any_value(industry)) as industry,
        count(*) as n,
        avg(salary_annual) as mean_annual,
        stddev_samp(salary_annual) / sqrt(count(*)) as mean_se,
        median(salary_annual) as median_annual,
        quantile_cont(salary_annual, 0.25) as p25_annual,
        quantile_cont(salary_annual, 0.75) as p75_annual,
        min(date_posted) as first_date,
        max(date_posted) as last_date
    from postings
    group by grouping sets ((occupation_code, source), (occupation_code, source, industry_code))
    -- an industry cell needs an industry; the occupation's own cell counts every posting
    having grouping(industry_code) = 1 or industry_code is not null
),

oews as (
    select
        if(w.industry_kind = 'cross_industry', 'occupation', 'industry') as grain,
        o.occupation_code,
        case when w.industry_kind = 'industry' then w.naics_code end as industry_code,
        case
            when w.industry_kind = 'industry' then regexp_replace(w.industry_title, '^Sectors? [0-9, and]+ - ', '')
        end as industry,
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
    where w.industry_kind = 'cross_industry' or (w.industry_kind = 'industry' and w.industry_level = $industry_level)
    -- the newest national release when several were read
    qualify w.industry_kind = 'industry'
        or row_number() over (partition by o.occupation_code, w.industry_kind order by w.release_year desc nulls last) = 1
),

cells as (
    select
        grain,
        occupation_code,
        source,
        industry_code,
        industry,
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
        false as top_coded,
        postings_withheld(n, $min_salary_n) as withheld_reason
    from posting_cells
    union all
    select
        grain,
        occupation_code,
        'oews',
        industry_code,
        industry,
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
        mean_top_coded,
        oews_withheld(mean_top_coded, a_mean, tot_emp, mean_prse, $min_employment, $max_prse)
    from oews
)

select
    grain,
    occupation_code,
    source,
    industry_code,
    industry,
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
    top_coded,
    withheld_reason,
    withheld_reason is not null as suppressed
from cells
order by grain, occupation_code, source, industry_code
