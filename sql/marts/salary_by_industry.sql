-- Annual pay of an occupation per NAICS industry from three sources kept apart: salaries employers
-- stated in postings (postings), salaries a job board estimated (postings_estimated: Glassdoor "est."),
-- and BLS OEWS published wages (oews, joined on the SOC code at industry level $industry_level). Every
-- mean carries a 95% interval: postings from the standard error of the sample mean, OEWS from the
-- relative standard error BLS publishes (MEAN_PRSE). A cell is withheld, with its reason, below
-- $min_salary_n postings, below $min_employment OEWS employment, above an OEWS relative standard
-- error of $max_prse%, or when BLS released no mean or top-coded it.
with posting_salaries as (
    select
        p.occupation_code,
        if(coalesce(p.salary_is_estimate, false), 'postings_estimated', 'postings') as source,
        p.industry_code,
        any_value(p.industry) as industry,
        count(*) as n,
        avg(p.salary_annual) as mean_annual,
        stddev_samp(p.salary_annual) / sqrt(count(*)) as mean_se,
        median(p.salary_annual) as median_annual,
        quantile_cont(p.salary_annual, 0.25) as p25_annual,
        quantile_cont(p.salary_annual, 0.75) as p75_annual,
        min(p.date_posted) as first_date,
        max(p.date_posted) as last_date
    from staging.postings as p
    where p.occupation_code is not null and p.industry_code is not null and p.salary_annual is not null
    group by all
),

oews as (
    select
        o.occupation_code,
        w.naics_code as industry_code,
        regexp_replace(w.industry_title, '^Sectors? [0-9, and]+ - ', '') as industry,
        w.tot_emp,
        w.a_mean,
        w.a_mean * w.mean_prse / 100 as mean_se,
        w.mean_prse,
        w.a_median,
        w.a_pct25,
        w.a_pct75,
        w.release_year,
        list_contains(w.top_coded_columns, 'a_mean') as mean_top_coded
    from staging.onet_occupations as o
    inner join staging.oews_wages as w on w.soc_code = o.soc_code
    where w.industry_level = $industry_level and w.industry_kind = 'industry'
),

cells as (
    select
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
        null::integer as release_year,
        first_date,
        last_date,
        false as top_coded,
        postings_withheld(n, $min_salary_n) as withheld_reason
    from posting_salaries
    union all
    select
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
        release_year,
        null::date,
        null::date,
        mean_top_coded,
        oews_withheld(mean_top_coded, a_mean, tot_emp, mean_prse, $min_employment, $max_prse)
    from oews
)

select
    occupation_code,
    left(occupation_code, 7) as soc_code,
    source,
    industry_code,
    industry,
    n,
    employment,
    mean_annual,
    mean_annual - z95() * mean_se as mean_ci_low,
    mean_annual + z95() * mean_se as mean_ci_high,
    mean_prse,
    median_annual,
    p25_annual,
    p75_annual,
    release_year,
    first_date,
    last_date,
    top_coded,
    withheld_reason,
    withheld_reason is not null as suppressed
from cells
order by occupation_code, source, industry_code
