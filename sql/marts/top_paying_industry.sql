-- Per occupation and source, the industry with the highest mean annual pay among cells that are not
-- withheld. Industries tied with it at the top are listed in tied_industries, not dropped; clear_lead
-- says the top mean's 95% interval lies above every other industry's interval, so the "top" industry
-- is told apart from the next.
with shown as (
    select
        occupation_code,
        source,
        industry_code,
        industry,
        mean_annual,
        mean_ci_low,
        mean_ci_high,
        coalesce(n, employment)::bigint as n,
        rank() over (partition by occupation_code, source order by mean_annual desc) as position
    from marts.salary_by_industry
    where not suppressed and mean_annual is not null
),

top as (
    select
        *,
        list(industry order by industry) over (partition by occupation_code, source) as top_industries
    from shown
    where position = 1
    qualify row_number() over (partition by occupation_code, source order by industry, industry_code) = 1
),

others as (
    select occupation_code, source, max(mean_ci_high) as ci_high, bool_or(mean_ci_high is null) as unknown
    from shown
    where position > 1
    group by occupation_code, source
)

select
    t.occupation_code,
    t.source,
    t.industry_code,
    t.industry,
    t.mean_annual,
    t.mean_ci_low,
    t.mean_ci_high,
    t.n,
    list_filter(t.top_industries, i -> i <> t.industry) as tied_industries,
    o.occupation_code is not null and not o.unknown and len(t.top_industries) = 1 and t.mean_ci_low > o.ci_high
        as clear_lead
from top as t
left join others as o using (occupation_code, source)
order by t.occupation_code, t.source
