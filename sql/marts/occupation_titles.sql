-- The kinds of titles inside an occupation: distinct normalised titles of its resumes and postings, each
-- shown as most of its documents write it.
with forms as (
    select
        d.occupation_code,
        t.title_normalised,
        trim(t.title) as written,
        count(*) as n_form
    from staging.occupation_documents as d
    inner join staging.title_occupations as t
        on d.source_file = t.source_file and d.record_position = t.record_position
    where t.title_normalised is not null and t.title_normalised <> ''
    group by all
)

select
    occupation_code,
    title_normalised as title,
    -- a spelling that reads as the normalised title itself ("Java Developer" for "java developer") first;
    -- where none does (normalising turns "Operations Manager" into "operation manager"), the one with
    -- the fewest words, being the least decorated ("Operations Manager", not "Operations Manager -
    -- Remote"); then the most documents, then the spelling, so every build picks the same
    arg_min(
        written,
        (lower(written) <> title_normalised, len(regexp_split_to_array(written, '\s+')), -n_form, written)
    ) as written_as,
    sum(n_form)::bigint as n
from forms
group by occupation_code, title_normalised
order by occupation_code, n desc, title
