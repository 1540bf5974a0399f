-- The kinds of titles inside an occupation: distinct normalised titles of its resumes and postings.
with documents as (
    select occupation_code, title from staging.resumes where occupation_code is not null
    union all
    select occupation_code, title from staging.postings where occupation_code is not null
)

select
    d.occupation_code,
    t.title_normalised as title,
    count(*) as n
from documents as d
inner join staging.title_occupations as t on d.title = t.title
group by d.occupation_code, t.title_normalised
order by d.occupation_code, n desc, title
