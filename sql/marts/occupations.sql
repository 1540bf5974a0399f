-- Every O*NET occupation with its SOC major group and how many distinct resumes and postings map to it
-- (and how many of the postings have a description: the documents skill shares are measured on).
with counts as (
    select
        occupation_code,
        count(*) filter (where source = 'resumes') as n_resumes,
        count(*) filter (where source = 'postings') as n_postings,
        count(*) filter (where source = 'postings' and has_text) as n_postings_with_text
    from staging.occupation_documents
    group by occupation_code
)

select
    o.occupation_code,
    o.soc_code,
    o.title,
    g.title as occupation_group,
    o.description,
    coalesce(c.n_resumes, 0) as n_resumes,
    coalesce(c.n_postings, 0) as n_postings,
    coalesce(c.n_postings_with_text, 0) as n_postings_with_text
from staging.onet_occupations as o
left join counts as c using (occupation_code)
left join staging.soc_major_groups as g on g.major_group = left(o.soc_code, 2)
order by o.occupation_code
