-- Who the documents are: resumes and postings per SOC major group, the largest first.
select
    source,
    occupation_group,
    n,
    n / sum(n) over (partition by source) as share
from (
    select 'resumes' as source, occupation_group, sum(n_resumes) as n from marts.occupations group by all
    union all
    select 'postings', occupation_group, sum(n_postings) from marts.occupations group by all
) as documents_by_group
where n > 0
order by source, n desc, occupation_group
