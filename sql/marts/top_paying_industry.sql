-- Per occupation and source, the industry with the highest mean annual pay among rows that are not
-- suppressed; ties go to the larger employment (OEWS) or the larger n (postings).
select
    occupation_code,
    source,
    industry_code,
    industry,
    mean_annual,
    coalesce(n, employment)::bigint as n
from marts.salary_by_industry
where not suppressed and mean_annual is not null
qualify row_number() over (
    partition by occupation_code, source
    order by mean_annual desc, employment desc nulls last, n desc nulls last, industry_code
) = 1
order by occupation_code, source
