-- Annual pay of an occupation per NAICS industry, from two sources side by side: parsed posting
-- salaries (n postings) and BLS OEWS published wages (joined on the SOC code at industry level
-- $industry_level). OEWS cells BLS did not release or top-coded stay null and are flagged.
with posting_salaries as (
    select
        p.occupation_code,
        p.industry_code,
        any_value(p.industry) as industry,
        count(*) as n,
        avg(p.salary_annual) as mean_annual,
        median(p.salary_annual) as median_annual,
        quantile_cont(p.salary_annual, 0.25) as p25_annual,
        quantile_cont(p.salary_annual, 0.75) as p75_annual
    from staging.postings as p
    where p.occupation_code is not null and p.industry_code is not null and p.salary_annual is not null
    group by p.occupation_code, p.industry_code
),

oews as (
    select
        o.occupation_code,
        w.naics_code as industry_code,
        regexp_replace(w.industry_title, '^Sectors? [0-9, and]+ - ', '') as industry,
        w.tot_emp,
        w.a_mean,
        w.a_median,
        w.a_pct25,
        w.a_pct75,
        list_contains(w.top_coded_columns, 'a_mean') as mean_top_coded
    from staging.onet_occupations as o
    inner join staging.oews_wages as w on w.soc_code = o.soc_code
    where w.industry_level = $industry_level and w.industry_kind = 'industry'
)

select
    p.occupation_code,
    left(p.occupation_code, 7) as soc_code,
    'postings' as source,
    p.industry_code,
    p.industry,
    p.n,
    null::double as employment,
    p.mean_annual,
    p.median_annual,
    p.p25_annual,
    p.p75_annual,
    false as top_coded,
    p.n < $min_salary_n as suppressed
from posting_salaries as p
union all
select
    occupation_code,
    left(occupation_code, 7),
    'oews',
    industry_code,
    industry,
    null::bigint,
    tot_emp,
    a_mean,
    a_median,
    a_pct25,
    a_pct75,
    mean_top_coded,
    a_mean is null
from oews
order by occupation_code, source, industry_code
