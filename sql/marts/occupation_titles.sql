-- The kinds of titles inside an occupation: distinct normalised titles of its resumes and postings.
select
    d.occupation_code,
    t.title_normalised as title,
    count(*) as n
from staging.occupation_documents as d
inner join staging.title_occupations as t
    on d.source_file = t.source_file and d.record_position = t.record_position
where t.title_normalised is not null and t.title_normalised <> ''
group by d.occupation_code, t.title_normalised
order by d.occupation_code, n desc, title
