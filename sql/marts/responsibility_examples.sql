-- Example responsibilities: up to $per_occupation resume bullets per occupation with at least
-- $min_docs resumes, personal data removed (scrub_personal_data, pipelines/documents/personal.py).
-- Near-identical forms (case, digits, punctuation, e-mail addresses and links ignored) count together;
-- the bullet found in the most resumes comes first, then the one nearest 120 characters. A bullet
-- already shown as a skill example is not repeated, and bullets under 30 or over 240 characters (once
-- scrubbed) are not examples. Only the leading candidates are scrubbed: the detectors are too slow for
-- every bullet of a large corpus.
with occupations as (
    select occupation_code from marts.occupations where n_resumes >= $min_docs
),

bullets as (
    select
        r.occupation_code,
        r.resume_id,
        b.bullet as example
    from staging.resumes as r
    inner join occupations using (occupation_code)
    cross join unnest(r.bullets) as b (bullet)
),

keyed as (
    select
        *,
        contactless_bullet_key(example, $contact_pattern) as example_key
    from bullets
    where length(example) between 30 and 240
        and bullet_key(example) not in (
            select bullet_key(s.example) from marts.skill_examples as s where s.occupation_code = bullets.occupation_code
        )
),

counts as (
    select occupation_code, example_key, count(distinct resume_id) as n_resumes
    from keyed
    group by occupation_code, example_key
),

chosen as (
    select occupation_code, example_key, example, resume_id
    from keyed
    qualify row_number() over (
        partition by occupation_code, example_key order by abs(length(example) - 120), example, resume_id
    ) = 1
),

forms as (
    -- the chosen resumes' forms only: every resume's lists, aggregated, outgrow memory at 1M resumes
    select doc_id as resume_id, flatten(list(forms order by skill_id)) as forms
    from staging.document_skills
    where doc_type = 'resume' and doc_id in (select chosen.resume_id from chosen)
    group by doc_id
),

shortlist as (
    select
        c.occupation_code,
        -- the skills found in the resume are never taken for a person's name
        scrub_personal_data(c.example, coalesce(k.forms, []::varchar[])) as example,
        c.resume_id,
        n.n_resumes,
        abs(length(c.example) - 120) as length_gap
    from chosen as c
    inner join counts as n using (occupation_code, example_key)
    left join forms as k on k.resume_id = c.resume_id
    -- a candidate that loses too much to the scrubber gives way to the next
    qualify row_number() over (
        partition by c.occupation_code order by n.n_resumes desc, abs(length(c.example) - 120), c.example
    ) <= 2 * $per_occupation
)

select
    occupation_code,
    row_number() over (
        partition by occupation_code order by n_resumes desc, length_gap, example
    ) as rank,
    example,
    resume_id,
    n_resumes
from shortlist
where length(example) between 30 and 240
qualify rank <= $per_occupation
order by occupation_code, rank
