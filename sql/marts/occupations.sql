-- Every O*NET occupation with its SOC major group and how many distinct resumes and postings map to it.
with resume_counts as (
    select occupation_code, count(*) as n from staging.resumes where occupation_code is not null group by occupation_code
),

posting_counts as (
    select occupation_code, count(*) as n from staging.postings where occupation_code is not null group by occupation_code
)

select
    o.occupation_code,
    o.soc_code,
    o.title,
    g.title as occupation_group,
    o.description,
    coalesce(r.n, 0) as n_resumes,
    coalesce(p.n, 0) as n_postings
from staging.onet_occupations as o
left join resume_counts as r using (occupation_code)
left join posting_counts as p using (occupation_code)
left join staging.soc_major_groups as g on g.major_group = left(o.soc_code, 2)
order by o.occupation_code
